package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;

/**
 * Net::Waiter's {@code on_server_close}: the run is over. The listen socket is closed and
 * the live connections have finished (or were closed at the shutdown deadline). Published
 * on the thread that stops the server (the lifecycle thread, or the {@code waiter-shutdown}
 * thread during a graceful shutdown), as the last event of each run.
 */
public final class WaiterStoppingEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final boolean graceful;

	/**
	 * Creates the event for the end of a run.
	 * @param waiter the server
	 * @param graceful whether every connection finished by itself
	 */
	public WaiterStoppingEvent(Waiter waiter, boolean graceful) {
		super(waiter);
		this.graceful = graceful;
	}

	/**
	 * Whether every live connection finished by itself before the deadline.
	 * @return false when some were closed by the server
	 */
	public boolean isGraceful() {
		return this.graceful;
	}

}
