package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;

/**
 * Net::Waiter's {@code on_accept_error}: {@code accept()} failed (for example, too many
 * open files). Published on the thread that accepts (the acceptor; in prefork mode the
 * worker); the server backs off briefly and goes on accepting.
 */
public final class WaiterAcceptErrorEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Exception exception;

	/**
	 * Creates the event for a failed accept.
	 * @param waiter the server
	 * @param exception what accept threw
	 */
	public WaiterAcceptErrorEvent(Waiter waiter, Exception exception) {
		super(waiter);
		this.exception = exception;
	}

	/**
	 * What accept threw.
	 * @return the exception
	 */
	public Exception getException() {
		return this.exception;
	}

}
