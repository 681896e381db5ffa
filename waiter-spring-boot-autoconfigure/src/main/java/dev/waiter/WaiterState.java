package dev.waiter;

/**
 * Where a server is in its life; what health and the endpoint report.
 */
public enum WaiterState {

	/** Not started, or stopped. */
	STOPPED,

	/** The last start failed, for example because the port was taken. */
	FAILED,

	/** Accepting clients. */
	LISTENING,

	/** The main loop was broken: no longer accepting, live connections go on. */
	BROKEN,

	/** Stopping: no longer accepting, draining live connections. */
	STOPPING

}
