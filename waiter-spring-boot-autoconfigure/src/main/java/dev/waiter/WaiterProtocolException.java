package dev.waiter;

import java.io.IOException;

/**
 * A client broke the protocol: a line or frame over its limit, a malformed frame. An
 * {@link IOException}, so a handler that lets it through ends its connection (outcome
 * {@code ERROR}); counted apart from handler bugs and network errors
 * ({@code waiter.protocol.errors}) and logged at DEBUG, as a hostile client must not be
 * able to flood the log.
 */
public class WaiterProtocolException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what the client did wrong
	 */
	public WaiterProtocolException(String message) {
		super(message);
	}

}
