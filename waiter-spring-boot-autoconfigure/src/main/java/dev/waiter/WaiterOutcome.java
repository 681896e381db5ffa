package dev.waiter;

/**
 * How one connection ended, as carried by the worker-exited event.
 */
public enum WaiterOutcome {

	/** The handlers returned normally (or the client simply went away). */
	COMPLETED,

	/** A handler threw; the error is carried alongside the outcome. */
	ERROR,

	/** A read timed out ({@code waiter.read-timeout}). */
	TIMEOUT,

	/** The TLS handshake failed or timed out; the process event was never published. */
	SSL_ERROR,

	/** The server closed the connection because it was shutting down. */
	SHUTDOWN,

	/** An operator closed the connection (stopAllConnections or the endpoint). */
	CLOSED,

	/**
	 * The connection waited for its next request longer than {@code waiter.idle-timeout}
	 * and the server closed it quietly, as a keep-alive connection's end: not an error.
	 */
	IDLE

}
