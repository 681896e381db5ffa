package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Net::Waiter's {@code on_close}: called after processing, right before the client
 * socket closes, also when a handler threw or the TLS handshake failed. Published on the
 * connection's own thread; the socket may already be broken.
 */
public final class WaiterClosingEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the event for a connection about to close.
	 * @param waiter the server
	 * @param connection the connection
	 */
	public WaiterClosingEvent(Waiter waiter, WaiterConnection connection) {
		super(waiter, connection);
	}

}
