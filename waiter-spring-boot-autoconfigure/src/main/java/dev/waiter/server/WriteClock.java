package dev.waiter.server;

/**
 * When the connection's thread began the write it is blocked in, if any: what the
 * write-timeout sweeper reads (from its own thread) to find a client that stopped
 * reading. Java sockets have no send timeout, so a blocked write can only be ended by
 * closing the socket from another thread.
 */
final class WriteClock {

	private static final long IDLE = 0;

	private volatile long since = IDLE;

	/** Called by the connection's thread before a write that may block. */
	void begin() {
		long now = System.nanoTime();
		this.since = (now == IDLE) ? 1 : now;
	}

	/** Called by the connection's thread once the write returned or failed. */
	void end() {
		this.since = IDLE;
	}

	/**
	 * Whether a write has been blocked for longer than the timeout.
	 * @param now the sweeper's {@link System#nanoTime()}
	 * @param timeoutNanos the write timeout
	 * @return true when the connection should be cut off
	 */
	boolean isOverdue(long now, long timeoutNanos) {
		long started = this.since;
		return started != IDLE && now - started > timeoutNanos;
	}

}
