package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterProtocolException;

/**
 * In the request model, the decoder refused what the client sent: a listener may answer it
 * into {@code getConnection().out()} (as redis-server answers {@code -ERR Protocol error});
 * then the connection closes, as the stream cannot be trusted to be at a request's start.
 * A connection whose error was answered ends as {@code COMPLETED}, one whose error nobody
 * answered as {@code ERROR}. Published on the connection's thread.
 */
public final class WaiterProtocolErrorEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient WaiterProtocolException error;

	/**
	 * Creates the event.
	 * @param waiter the server
	 * @param connection the connection
	 * @param error what the decoder threw
	 */
	public WaiterProtocolErrorEvent(Waiter waiter, WaiterConnection connection, WaiterProtocolException error) {
		super(waiter, connection);
		this.error = error;
	}

	/**
	 * What the decoder threw.
	 * @return the error
	 */
	public WaiterProtocolException getError() {
		return this.error;
	}

}
