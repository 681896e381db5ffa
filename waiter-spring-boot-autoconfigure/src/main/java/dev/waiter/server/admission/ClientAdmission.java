package dev.waiter.server.admission;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.attribute.UserPrincipal;

import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.server.access.AccessRules;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.proxy.ProxyHeaderReader;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import dev.waiter.server.transport.UnixSocket;
import dev.waiter.server.transport.WaiterUnixSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may be served, decided where the client's address is known. Without the PROXY
 * protocol everything is decided on the acceptor: allow/deny, the connection rate per
 * peer ({@link PeerRateLimiter}), max-connections, the per-peer cap; a client refused by
 * either cap gives its rate's token back. With it the
 * acceptor only checks that the sender is a trusted balancer; the header is read on the
 * connection's thread ({@link ProxyHeaderReader}), and allow/deny, the rate, the per-peer
 * cap and the accepted event follow there, with the client's address. One per server run.
 */
public final class ClientAdmission {

	/** Counts a registered connection against its client address's cap: the run's registry. */
	@FunctionalInterface
	public interface PeerCounts {

		/**
		 * @param connection the registered connection, its client address known
		 * @param max the most live connections from one address
		 * @return false if the address is at its cap
		 */
		boolean tryCount(SocketConnection connection, int max);

	}

	/**
	 * Where a refusal goes before the client is closed: counted for the operator and
	 * published as the rejected event (a listener may still write to the client), on the
	 * refusing thread. What a listener throws is the caller's to ignore.
	 */
	@FunctionalInterface
	public interface Refusals {

		void refused(SocketConnection connection, String reason);

	}

	private static final Logger logger = LoggerFactory.getLogger(ClientAdmission.class);

	private final AccessRules access;

	private final @Nullable WaiterProxyProtocol proxy;

	private final @Nullable PeerRateLimiter rate;

	private final int maxPerPeer;

	private final PeerCounts peers;

	private final Refusals refusals;

	private final @Nullable WaiterUnixSocket unix;

	/**
	 * @param access the allow and deny lists
	 * @param proxy the PROXY protocol settings, {@code null} when it is off
	 * @param rate the connection rate per address, {@code null} for no limit
	 * @param maxPerPeer the most live connections from one address, 0 for no cap
	 * @param peers the run's count of connections per address
	 * @param refusals where a refusal is announced
	 * @param unix the Unix domain socket's settings (its users and groups), {@code null} on TCP
	 */
	public ClientAdmission(AccessRules access, @Nullable WaiterProxyProtocol proxy, @Nullable PeerRateLimiter rate,
			int maxPerPeer, PeerCounts peers, Refusals refusals, @Nullable WaiterUnixSocket unix) {
		this.unix = unix;
		this.access = access;
		this.proxy = proxy;
		this.rate = rate;
		this.maxPerPeer = maxPerPeer;
		this.peers = peers;
		this.refusals = refusals;
	}

	/** Whether the accepted event waits for the connection's thread (the PROXY header). */
	public boolean deferred() {
		return this.proxy != null;
	}

	/**
	 * On the acceptor, before the connection counts against max-connections. A Unix peer is
	 * judged by its credentials ({@code waiter.unix-allowed-users}/{@code -groups}); with the
	 * PROXY protocol on, it is a trusted sender whatever the trusted proxies' blocks (it has
	 * no address they could match: the socket file's permissions guard who may connect).
	 * @return the reason to refuse it, or {@code null}
	 */
	public @Nullable String onAccept(SocketConnection connection) {
		InetAddress sender = connection.plainSocket().getInetAddress();
		if (this.unix != null && connection.plainSocket() instanceof UnixSocket peer) {
			if (!this.unix.permits(peer)) {
				return WaiterRejectedEvent.DENIED;
			}
			if (this.proxy != null) {
				return null;
			}
		}
		if (this.proxy != null) {
			return this.proxy.trusts(sender) ? null : WaiterRejectedEvent.PROXY_PROTOCOL;
		}
		return this.access.permits(sender) ? overRate(connection, sender) : WaiterRejectedEvent.DENIED;
	}

	/**
	 * Takes a token of the peer's rate: its address's, or a Unix peer's user's when it has
	 * no address of its own (no PROXY header) and the system gives its credentials.
	 * @return {@link WaiterRejectedEvent#CONNECTION_RATE} if it has none (the refusal's DEBUG
	 * line, with the address, is {@link #reject}'s), or {@code null}
	 */
	private @Nullable String overRate(SocketConnection connection, InetAddress client) {
		PeerRateLimiter limiter = this.rate;
		if (limiter == null) {
			return null;
		}
		UserPrincipal user = unixUser(connection);
		boolean admitted = (user != null) ? limiter.tryAcquire(user) : limiter.tryAcquire(client);
		return admitted ? null : WaiterRejectedEvent.CONNECTION_RATE;
	}

	/**
	 * Gives back the rate's token of a client refused for a cap after it took one: only
	 * served connections count against the rate, so a client that retries while the server
	 * or its own cap is full is not also locked out by the rate once there is room.
	 */
	private void giveBackRate(SocketConnection connection) {
		PeerRateLimiter limiter = this.rate;
		if (limiter == null) {
			return;
		}
		UserPrincipal user = unixUser(connection);
		if (user != null) {
			limiter.giveBack(user);
		}
		else {
			limiter.giveBack(deferred() ? connection.peerInetAddress() : connection.plainSocket().getInetAddress());
		}
	}

	private @Nullable UserPrincipal unixUser(SocketConnection connection) {
		return (this.proxy == null && connection.plainSocket() instanceof UnixSocket peer) ? peer.peerUserPrincipal()
				: null;
	}

	/**
	 * Counts a registered connection against its address's cap; a refused one gives its
	 * rate's token back (it took one first, at the accept or after its PROXY header).
	 * @return the reason to refuse it, or {@code null}
	 */
	public @Nullable String onRegistered(SocketConnection connection) {
		if (this.maxPerPeer <= 0 || this.peers.tryCount(connection, this.maxPerPeer)) {
			return null;
		}
		giveBackRate(connection);
		return WaiterRejectedEvent.MAX_CONNECTIONS_PER_PEER;
	}

	/**
	 * Refuses a client because max-connections are live, on the acceptor: the token it took
	 * at the accept goes back (with the PROXY protocol on it has taken none yet).
	 */
	public void rejectFull(SocketConnection connection) {
		if (!deferred()) {
			giveBackRate(connection);
		}
		reject(connection, WaiterRejectedEvent.MAX_CONNECTIONS);
	}

	/**
	 * On the connection's thread of a deferred admission: reads the PROXY header, then
	 * judges the client's address. The caller publishes the accepted event next.
	 * @return whether to serve it; if not, it has been refused (event published, socket
	 * closed)
	 */
	public boolean admitProxied(SocketConnection connection) {
		WaiterProxyProtocol proxy = this.proxy;
		if (proxy == null) {
			return true;
		}
		try {
			ProxyHeaderReader.Result result = ProxyHeaderReader.read(connection, proxy.headerTimeout());
			connection.proxied(result.header(), result.leftover());
		}
		catch (IOException ex) {
			logger.debug("Refused {}: PROXY protocol header: {}", connection, ex.getMessage());
			reject(connection, WaiterRejectedEvent.PROXY_PROTOCOL);
			return false;
		}
		InetAddress client = connection.peerInetAddress();
		String refusal = this.access.permits(client) ? overRate(connection, client) : WaiterRejectedEvent.DENIED;
		if (refusal == null) {
			refusal = onRegistered(connection);
		}
		if (refusal != null) {
			reject(connection, refusal);
			return false;
		}
		return true;
	}

	/**
	 * Refuses a client on the calling thread: its rejected event (a listener may still
	 * write to it), then a close that lets what it wrote arrive ({@link RefusalClose}).
	 */
	public void reject(SocketConnection connection, String reason) {
		logger.debug("Refused {}: {}", connection, reason);
		try {
			this.refusals.refused(connection, reason);
		}
		finally {
			RefusalClose.close(connection);
		}
	}

}
