package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Net::Waiter's {@code on_accept_ok}: a client was accepted. Published on the acceptor
 * thread in fork and nofork mode and on the accepting worker in prefork mode, before the
 * connection's thread starts: keep listeners short, they delay the next accept.
 */
public final class WaiterAcceptedEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the event for an accepted client.
	 * @param waiter the server
	 * @param connection the new connection
	 */
	public WaiterAcceptedEvent(Waiter waiter, WaiterConnection connection) {
		super(waiter, connection);
	}

}
