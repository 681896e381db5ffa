package dev.waiter.server.tls;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The race between a TLS handshake and its deadline, decided once: whichever of
 * {@link #complete()} (the connection's thread) and {@link #expire()} (the timer thread)
 * comes first wins, so a deadline task already running when the handshake succeeds can
 * no longer close the connection or call it expired.
 */
final class HandshakeDeadline {

	private static final int PENDING = 0;

	private static final int COMPLETED = 1;

	private static final int EXPIRED = 2;

	private final AtomicInteger state = new AtomicInteger(PENDING);

	private final Runnable onExpiry;

	/**
	 * @param onExpiry what the deadline does when it wins: close the plain socket
	 */
	HandshakeDeadline(Runnable onExpiry) {
		this.onExpiry = onExpiry;
	}

	/**
	 * Called by the timer at the deadline.
	 * @return true if the handshake had not ended and the connection was closed
	 */
	boolean expire() {
		if (this.state.compareAndSet(PENDING, EXPIRED)) {
			this.onExpiry.run();
			return true;
		}
		return false;
	}

	/**
	 * Called by the connection's thread when the handshake ends, well or badly.
	 * @return true if the handshake ended first; false if the deadline had already closed it
	 */
	boolean complete() {
		return this.state.compareAndSet(PENDING, COMPLETED) || this.state.get() == COMPLETED;
	}

}
