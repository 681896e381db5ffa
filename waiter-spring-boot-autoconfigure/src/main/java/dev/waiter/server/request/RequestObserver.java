package dev.waiter.server.request;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterRequestEvent;
import org.jspecify.annotations.Nullable;

/**
 * Observes the connections and requests of the request model, whose connection is served in
 * stretches, possibly each on another thread: the connection model's
 * {@code ConnectionServingHook} wraps one thread's call and cannot follow it. One instance
 * per server, called on the connection's threads; {@link WaiterRequestModel#observer()}.
 */
public interface RequestObserver {

	/** Observes nothing. */
	RequestObserver NONE = (connection) -> ConnectionObservation.NONE;

	/**
	 * A connection is about to be served: before its worker started event, on its first thread.
	 * @param connection the connection
	 * @return what follows the connection to its end
	 */
	ConnectionObservation connectionStarted(WaiterConnection connection);

	/** One connection's observation, from its start to its exit event. */
	interface ConnectionObservation {

		/** Observes nothing. */
		ConnectionObservation NONE = new ConnectionObservation() {
		};

		/**
		 * Makes the connection's context current on the calling thread for one stretch of
		 * its serving (from its start or a resume to its end or its next wait without a
		 * thread), such as an observation's scope.
		 * @return what the stretch closes at its end
		 */
		default Scope enter() {
			return Scope.NONE;
		}

		/**
		 * A request is about to be published, inside {@link #enter()}.
		 * @param event the request's event
		 * @return what is told when its listeners have returned
		 */
		default RequestObservation requestStarted(WaiterRequestEvent event) {
			return RequestObservation.NONE;
		}

		/**
		 * The connection has ended: after its exit event, inside {@link #enter()}.
		 * @param outcome how it ended, as its exit event says
		 * @param error what ended it, if anything
		 */
		default void stopped(WaiterOutcome outcome, @Nullable Throwable error) {
		}

	}

	/** One request's observation. */
	@FunctionalInterface
	interface RequestObservation {

		/** Observes nothing. */
		RequestObservation NONE = (event, error) -> {
		};

		/**
		 * The request's listeners have returned (its reply may still be buffered).
		 * @param event the request's event, with the name a listener may have given it
		 * @param error what a listener threw, if anything
		 */
		void stopped(WaiterRequestEvent event, @Nullable Throwable error);

	}

	/** A context made current for one stretch of a connection's serving. */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		/** Nothing to close. */
		Scope NONE = () -> {
		};

		@Override
		void close();

	}

}
