package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Net::Waiter's {@code on_maxforked}: a client was accepted but will not be served,
 * because {@code waiter.max-connections} are live ({@link #MAX_CONNECTIONS}) or its address
 * is refused by {@code waiter.allow} / {@code waiter.deny} ({@link #DENIED}). Published on the acceptor thread
 * while the connection is still open, so a listener may write a short "busy" reply
 * (keep it short: the acceptor waits for it); the server closes the connection after.
 */
public final class WaiterRejectedEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The reason for a client over {@code waiter.max-connections}. */
	public static final String MAX_CONNECTIONS = "max-connections";

	/** The reason for a client whose address {@code waiter.allow} / {@code waiter.deny} refuse. */
	public static final String DENIED = "denied";

	private final String reason;

	/**
	 * Creates the event for a refused client.
	 * @param waiter the server
	 * @param connection the connection, still writable
	 * @param reason why it is refused: {@link #MAX_CONNECTIONS} or {@link #DENIED}
	 */
	public WaiterRejectedEvent(Waiter waiter, WaiterConnection connection, String reason) {
		super(waiter, connection);
		this.reason = reason;
	}

	/**
	 * Why the client is refused, such as {@link #MAX_CONNECTIONS}.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
