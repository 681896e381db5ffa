package dev.waiter.server.connection;

/**
 * When the connection's thread began the read or write it is blocked in, if any: what the
 * timeout sweeper ({@link dev.waiter.server.timeout.IoTimeouts}) reads from its own thread to find a client that went
 * silent or stopped reading. Java sockets have no send timeout, and a receive timeout
 * (SO_TIMEOUT) arms a timer on every read; a clock is two volatile writes per call.
 */
public final class IoClock {

	private static final long IDLE = 0;

	private volatile long since = IDLE;

	/**
	 * Called by the connection's thread before a read or write that may block; a large
	 * write calls it before each chunk ({@link SocketOutput#WRITE_CHUNK}), so a write is
	 * overdue only when one chunk waited longer than the timeout.
	 */
	void begin() {
		beginAt(System.nanoTime());
	}

	/** As {@link #begin()}, for a call that began at {@code nanos} (a wait that went on elsewhere). */
	void beginAt(long nanos) {
		this.since = (nanos == IDLE) ? 1 : nanos;
	}

	/** Called by the connection's thread once the call returned or failed. */
	void end() {
		this.since = IDLE;
	}

	/** Whether a call is in progress; any thread. */
	public boolean isRunning() {
		return this.since != IDLE;
	}

	/**
	 * Whether a call has been blocked for longer than the timeout.
	 * @param now the sweeper's {@link System#nanoTime()}
	 * @param timeoutNanos the write timeout
	 * @return true when the connection should be cut off
	 */
	public boolean isOverdue(long now, long timeoutNanos) {
		long started = this.since;
		return started != IDLE && now - started > timeoutNanos;
	}

}
