package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Net::Waiter's {@code on_process}: the connection is ready, do the work here. Published
 * on the connection's own thread (a virtual or platform thread in fork mode, a pool
 * worker in prefork mode, the acceptor in nofork mode); plain blocking I/O is expected.
 * <p>
 * When the listeners return, the server publishes {@link WaiterClosingEvent} and closes
 * the socket. An {@code @Async} listener of this event is therefore a mistake: it would
 * find the socket closed. A listener that throws ends this connection only.
 */
public final class WaiterProcessEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the event for a connection ready to be served.
	 * @param waiter the server
	 * @param connection the connection
	 */
	public WaiterProcessEvent(Waiter waiter, WaiterConnection connection) {
		super(waiter, connection);
	}

}
