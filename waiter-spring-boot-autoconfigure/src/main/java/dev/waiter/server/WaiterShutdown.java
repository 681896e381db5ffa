package dev.waiter.server;

/**
 * What stopping the server does with live connections; {@code waiter.shutdown}.
 */
public enum WaiterShutdown {

	/**
	 * Stop accepting at once, let live connections finish within the shutdown timeout
	 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), then close the rest.
	 */
	GRACEFUL,

	/**
	 * Stop accepting and close every live connection at once.
	 */
	IMMEDIATE

}
