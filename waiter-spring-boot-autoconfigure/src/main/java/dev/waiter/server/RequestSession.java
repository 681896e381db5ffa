package dev.waiter.server;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import dev.waiter.RequestDecoder;
import dev.waiter.WaiterProtocolException;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterProtocolErrorEvent;
import dev.waiter.event.WaiterRequestEvent;
import dev.waiter.server.connection.RequestBoundary;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.request.RequestObserver;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.threads.IdleSelector;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the request model, from its start to its exit event: the loop that reads
 * a request with the decoder, publishes its event and goes back for the next, in place of the
 * connection model's {@link WaiterProcessEvent}. At each boundary with nothing of the next
 * request here, the replies go out and the buffers are given back; then the connection waits
 * on a shallow stack ({@code IdleWait.THREAD}), or parks on the run's {@link IdleSelector}
 * with no thread and is resumed on a new one when its client sends ({@code IdleWait.SELECTOR}).
 * Either way it waits idle, so a stop or the idle timeout closes it at once, and a connection
 * in the middle of a request finishes it first. Runs on the connection's current thread, one
 * at a time: a thread that parks the connection lets go of it before the parking is
 * registered, and only the selector's hand-back starts the next.
 */
final class RequestSession {

	private final ConnectionRunner runner;

	private final SocketConnection connection;

	private final RequestDecoder<Object> decoder;

	private final @Nullable IdleSelector selector;

	private final String workerName;

	private final RequestObserver.ConnectionObservation observation;

	private @Nullable IdleSelector.Parking parking;

	private @Nullable SocketChannel channel;

	/** How long the connection waits on its thread before it parks; 0: it parks at once. */
	private final int parkDelayMillis;

	@SuppressWarnings("unchecked")
	RequestSession(ConnectionRunner runner, SocketConnection connection, WaiterRequestModel model,
			@Nullable IdleSelector selector, String workerName) {
		this.runner = runner;
		this.connection = connection;
		this.decoder = (RequestDecoder<Object>) model.decoder();
		this.workerName = workerName;
		SocketChannel socketChannel = (selector != null) ? RequestBoundary.channel(connection) : null;
		this.selector = (socketChannel != null) ? selector : null;
		this.channel = socketChannel;
		this.parkDelayMillis = (model.idleWait() == WaiterRequestModel.IdleWait.AUTO)
				? (int) WaiterRequestModel.PARK_DELAY.toMillis() : 0;
		this.observation = model.observer().connectionStarted(connection);
	}

	/**
	 * Serves the connection on its first thread: worker started, TLS handshake, requests.
	 * @param workerStarted whether to publish the worker started event
	 * @param failed what already failed the connection (a listener of the accepted event)
	 * @return whether the connection is to be parked: the caller lets go of it, then
	 * calls {@link #park()}
	 */
	boolean start(boolean workerStarted, @Nullable Throwable failed) {
		try (RequestObserver.Scope scope = this.observation.enter()) {
			ConnectionLifecycle.Opening opening = this.runner.lifecycle().open(this.connection, this.workerName, workerStarted, failed);
			if (opening.error() != null) {
				end(opening.error(), opening.sslFailed());
				return false;
			}
			return serveRequests(false);
		}
	}

	/** Registers the parking the loop asked for; after the thread let go of the connection. */
	void park() {
		IdleSelector.Parking pending = this.parking;
		if (pending != null) {
			pending.register();
		}
	}

	/** Hands the connection to a new thread; on the selector thread. */
	private void resumeOnNewThread() {
		this.runner.resume(this.connection, this);
	}

	/**
	 * Serves the connection again after it waited parked: on its new thread.
	 * @return whether it is to be parked again
	 */
	boolean resume() {
		this.parking = null;
		try (RequestObserver.Scope scope = this.observation.enter()) {
			Throwable blocking = blockingAgain();
			this.connection.readState().resumed();
			if (blocking != null) {
				end(blocking, false);
				return false;
			}
			return serveRequests(true);
		}
	}

	private @Nullable Throwable blockingAgain() {
		SocketChannel parked = this.channel;
		try {
			if (parked != null) {
				parked.configureBlocking(true);
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			this.connection.abort();
			return ex;
		}
	}

	/**
	 * Reads and publishes requests until the client is done, a listener fails or the
	 * connection is to be parked.
	 * @param resumed whether the connection was just handed back from the selector: its
	 * input is ready (or its socket closed), so the first read does not wait again
	 * @return whether it is to be parked
	 */
	private boolean serveRequests(boolean resumed) {
		Throwable error = null;
		boolean ready = resumed;
		try {
			while (true) {
				if (ready) {
					ready = false;
				}
				else if (!RequestBoundary.inputWaiting(this.connection)) {
					if (waitWithoutThread()) {
						return true;
					}
				}
				else {
					RequestBoundary.mark(this.connection);
				}
				Object request = this.decoder.decode(this.connection.in());
				if (request == null) {
					break;
				}
				this.connection.readState().requestAnswered();
				error = publish(request);
				if (error != null || !this.connection.isOpen()) {
					// a listener that closed its connection (a QUIT) ended it
					break;
				}
			}
		}
		catch (WaiterProtocolException ex) {
			error = protocolError(ex);
		}
		catch (Throwable ex) {
			error = ex;
		}
		end(error, false);
		return false;
	}

	/**
	 * Gets ready to wait for the next request: parks the connection when it can wait
	 * without a thread, else waits here on the shallow stack.
	 * @return whether it is to be parked
	 */
	private boolean waitWithoutThread() throws IOException {
		IdleSelector idle = this.selector;
		SocketChannel socketChannel = this.channel;
		RequestBoundary.beforeWait(this.connection, idle != null && this.parkDelayMillis == 0);
		long idleSince = System.nanoTime();
		if (idle != null && socketChannel != null) {
			if (this.parkDelayMillis > 0) {
				if (RequestBoundary.awaitBriefly(this.connection, this.parkDelayMillis)) {
					return false;
				}
				RequestBoundary.beforePark(this.connection);
			}
			IdleSelector.Parking next = idle.parking(socketChannel, this::resumeOnNewThread);
			if (this.connection.readState().park(next::wake, idleSince)) {
				this.parking = next;
				return true;
			}
			return false;
		}
		this.connection.awaitInput();
		return false;
	}

	private @Nullable Throwable publish(Object request) {
		long sequence = this.connection.readState().requestDecoded();
		WaiterRequestEvent event = new WaiterRequestEvent(this.runner.server(), this.connection, request, sequence,
				this.decoder.name(request));
		RequestObserver.RequestObservation observed = this.observation.requestStarted(event);
		Throwable error = this.runner.server().events().forConnection(event);
		observed.stopped(event, error);
		return error;
	}

	/**
	 * Publishes the protocol error; answered by a listener (it wrote something), the
	 * connection ends as completed, else the error ends it.
	 */
	private @Nullable Throwable protocolError(WaiterProtocolException ex) {
		long before = this.connection.bytesSent() + this.connection.out().pending();
		Throwable failed = this.runner.server()
			.events()
			.forConnection(new WaiterProtocolErrorEvent(this.runner.server(), this.connection, ex));
		if (failed != null) {
			failed.addSuppressed(ex);
			return failed;
		}
		boolean answered = this.connection.bytesSent() + this.connection.out().pending() > before;
		return answered ? null : ex;
	}

	/** No thread could be started to resume the connection, which is closed: its observation ends. */
	void abandoned(Throwable error) {
		try (RequestObserver.Scope scope = this.observation.enter()) {
			this.observation.stopped(dev.waiter.WaiterOutcome.ERROR, error);
		}
	}

	private void end(@Nullable Throwable error, boolean sslFailed) {
		ConnectionServingHook.Served served = this.runner.lifecycle().finish(this.connection, this.workerName, error, sslFailed);
		this.observation.stopped(served.outcome(), served.error());
	}

}
