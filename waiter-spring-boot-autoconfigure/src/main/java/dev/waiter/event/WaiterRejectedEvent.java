package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;

/**
 * Net::Waiter's {@code on_maxforked}: a client was accepted but will not be served,
 * because {@code waiter.max-connections} are live ({@link #MAX_CONNECTIONS}), its address
 * is refused by {@code waiter.allow} / {@code waiter.deny} ({@link #DENIED}), its address
 * already has {@code waiter.max-connections-per-peer} live ({@link #MAX_CONNECTIONS_PER_PEER}),
 * its address opened more than {@code waiter.max-connection-rate-per-peer} connections in
 * the last second ({@link #CONNECTION_RATE}), or its PROXY protocol header is missing, malformed or from an untrusted address
 * ({@link #PROXY_PROTOCOL}). Published while the connection is still open, so a listener
 * may write a short "busy" reply (keep it short); the server closes the connection after.
 * Published on the acceptor thread, except with the PROXY protocol on: then every refusal
 * that needs the client's address (all but an untrusted balancer and max-connections)
 * comes from the connection's thread, after the header.
 */
public final class WaiterRejectedEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The reason for a client over {@code waiter.max-connections}. */
	public static final String MAX_CONNECTIONS = "max-connections";

	/** The reason for a client whose address {@code waiter.allow} / {@code waiter.deny} refuse. */
	public static final String DENIED = "denied";

	/** The reason for a client whose address already has {@code waiter.max-connections-per-peer} live. */
	public static final String MAX_CONNECTIONS_PER_PEER = "max-connections-per-peer";

	/** The reason for a client whose address connects faster than {@code waiter.max-connection-rate-per-peer}. */
	public static final String CONNECTION_RATE = "connection-rate";

	/** The reason for a missing, malformed, late or untrusted PROXY protocol header. */
	public static final String PROXY_PROTOCOL = "proxy-protocol";

	private final String reason;

	/**
	 * Creates the event for a refused client.
	 * @param waiter the server
	 * @param connection the connection, still writable
	 * @param reason why it is refused: {@link #MAX_CONNECTIONS}, {@link #DENIED},
	 * {@link #MAX_CONNECTIONS_PER_PEER}, {@link #CONNECTION_RATE} or {@link #PROXY_PROTOCOL}
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
