package dev.waiter.server;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the serving of each connection, on the connection's own thread, from the worker
 * started event to the exit event: where an observation, a trace span or any other
 * context that must be current for the whole connection is opened and closed. The server
 * does not know what is wrapped around it; it only calls {@link Serving#proceed()} inside
 * the hook. Set with {@link WaiterServerSettings#setServingHook}.
 */
@FunctionalInterface
public interface ConnectionServingHook {

	/** No hook: the connection is served as it is. */
	ConnectionServingHook NONE = (connection, serving) -> serving.proceed();

	/**
	 * Serves the connection: must call {@code serving.proceed()} exactly once, on the
	 * calling thread, and must not throw.
	 * @param connection the connection about to be served
	 * @param serving the serving itself
	 */
	void serve(WaiterConnection connection, Serving serving);

	/** The serving of one connection, as the hook sees it. */
	@FunctionalInterface
	interface Serving {

		/**
		 * Runs every event of the connection and closes it.
		 * @return how it ended
		 */
		Served proceed();

	}

	/**
	 * How a connection ended, as its exit event says.
	 * @param outcome the outcome
	 * @param error what ended it, if anything
	 */
	record Served(WaiterOutcome outcome, @Nullable Throwable error) {
	}

}
