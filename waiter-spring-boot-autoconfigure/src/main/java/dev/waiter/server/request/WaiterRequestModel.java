package dev.waiter.server.request;

import dev.waiter.RequestDecoder;

/**
 * The request model of a server ({@code waiter.handler-model=request}): the server reads
 * each request with the decoder and publishes one
 * {@link dev.waiter.event.WaiterRequestEvent} per request; set on
 * {@code WaiterServerSettings.setRequestModel}, {@code null} there for the connection model.
 * @param decoder reads one request
 * @param idleWait how a connection waits between requests
 * @param observer observes connections and requests
 */
public record WaiterRequestModel(RequestDecoder<?> decoder, IdleWait idleWait, RequestObserver observer) {

	/**
	 * How long a connection waits on its thread for its next request before it parks, with
	 * {@link IdleWait#AUTO}: a connection that sends again within it (a busy client) keeps
	 * its thread and pays no hand-over; one idle longer parks and holds no thread.
	 */
	public static final java.time.Duration PARK_DELAY = java.time.Duration.ofSeconds(1);

	/**
	 * The request model with the default idle wait and no observer.
	 * @param decoder reads one request
	 * @return the model
	 */
	public static WaiterRequestModel of(RequestDecoder<?> decoder) {
		return new WaiterRequestModel(decoder, IdleWait.AUTO, RequestObserver.NONE);
	}

	/**
	 * This model with another observer.
	 * @param observer the observer
	 * @return the model
	 */
	public WaiterRequestModel withObserver(RequestObserver observer) {
		return new WaiterRequestModel(this.decoder, this.idleWait, observer);
	}

	/**
	 * This model with another decoder.
	 * @param other the decoder
	 * @return the model
	 */
	public WaiterRequestModel withDecoder(RequestDecoder<?> other) {
		return new WaiterRequestModel(other, this.idleWait, this.observer);
	}

	/** How a connection waits for its next request; {@code waiter.idle-wait}. */
	public enum IdleWait {

		/**
		 * On platform threads, its thread waits for up to {@link #PARK_DELAY}, then it
		 * parks as with {@link #SELECTOR}: busy connections keep their thread between
		 * requests and pay no hand-over, idle ones hold none (a TLS connection or one on a
		 * Unix domain socket parks at once). On virtual threads, {@link #THREAD}: a timed
		 * wait costs a virtual thread a timer per request (measured: half the echo's rate),
		 * and a parked virtual thread is cheap enough; choose {@link #SELECTOR} there when
		 * idle connections' memory matters more than throughput. In prefork and nofork mode,
		 * as {@link #THREAD}.
		 */
		AUTO,

		/** Its thread waits in a read on a shallow stack, with nothing of the application's on it. */
		THREAD,

		/**
		 * It holds no thread: its socket is parked on the server's selector, and a thread
		 * is started (or taken from the pool) when bytes arrive. Fork mode only: in prefork
		 * and nofork mode a connection keeps its worker, which waits as with {@link #THREAD}.
		 */
		SELECTOR

	}

}
