package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Net::Waiter's {@code on_ssl_error}: the TLS handshake failed or timed out. Published on
 * the connection's own thread (never the acceptor), followed by the connection's closing
 * and exit events; no other connection is affected.
 */
public final class WaiterSslErrorEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Exception exception;

	/**
	 * Creates the event for a failed handshake.
	 * @param waiter the server
	 * @param connection the connection whose handshake failed
	 * @param exception the cause
	 */
	public WaiterSslErrorEvent(Waiter waiter, WaiterConnection connection, Exception exception) {
		super(waiter, connection);
		this.exception = exception;
	}

	/**
	 * Why the handshake failed.
	 * @return the exception
	 */
	public Exception getException() {
		return this.exception;
	}

}
