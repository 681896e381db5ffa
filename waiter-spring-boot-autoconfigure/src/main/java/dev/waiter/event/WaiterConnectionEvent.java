package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Base of the events about one accepted connection.
 */
public abstract class WaiterConnectionEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient WaiterConnection connection;

	/**
	 * Creates an event about the given connection.
	 * @param waiter the server
	 * @param connection the connection
	 */
	protected WaiterConnectionEvent(Waiter waiter, WaiterConnection connection) {
		super(waiter);
		this.connection = connection;
	}

	/**
	 * The connection this event is about.
	 * @return the connection
	 */
	public WaiterConnection getConnection() {
		return this.connection;
	}

}
