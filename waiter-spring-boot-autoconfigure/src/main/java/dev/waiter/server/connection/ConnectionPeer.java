package dev.waiter.server.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import dev.waiter.PeerCredentials;
import dev.waiter.ProxyHeader;
import dev.waiter.server.transport.UnixSocket;
import org.jspecify.annotations.Nullable;

/**
 * Who is at the other end of one connection: the socket's peer, or, once a PROXY protocol
 * header has been read, the client it names (the socket's peer is then the balancer). Also
 * keeps the client's bytes that arrived with the header until a stream or the TLS layer
 * takes them, and the address the registry counted it under for the per-peer cap. The
 * header is set once on the connection's thread, before any event sees the client; the
 * addresses may be read from any thread.
 */
public final class ConnectionPeer {

	private static final byte[] NOTHING = new byte[0];

	private final Socket plain;

	private volatile @Nullable ProxyHeader header;

	private volatile byte[] consumed = NOTHING;

	/** The address counted against {@code waiter.max-connections-per-peer}, if any. */
	private volatile @Nullable InetAddress counted;

	private final @Nullable PeerCredentials credentials;

	ConnectionPeer(Socket plain) {
		this.plain = plain;
		this.credentials = credentials(plain);
	}

	private static @Nullable PeerCredentials credentials(Socket plain) {
		if (plain instanceof UnixSocket unix && unix.peerUser() != null) {
			return new PeerCredentials(unix.peerUser(), unix.peerGroup());
		}
		return null;
	}

	/** The Unix peer's credentials, read at the accept; {@code null} on TCP. */
	@Nullable PeerCredentials credentials() {
		return this.credentials;
	}

	/**
	 * The peer as logs show it ({@code waiter.peer}): {@code unix:user} for a Unix peer
	 * without a PROXY header, else the client's address and port.
	 */
	public String text() {
		PeerCredentials unix = this.credentials;
		if (unix != null && this.header == null) {
			return unix.toString();
		}
		return inetAddress().getHostAddress() + ":" + port();
	}

	InetSocketAddress address() {
		InetSocketAddress client = client();
		return (client != null) ? client : (InetSocketAddress) this.plain.getRemoteSocketAddress();
	}

	/** The peer as the connection's {@code toString()} shows it: {@code unix:user} or the address. */
	Object shown() {
		return (this.credentials != null && this.header == null) ? this.credentials : address();
	}

	/** The client's address, the one allow/deny and the per-peer cap judge. */
	InetAddress inetAddress() {
		InetSocketAddress client = client();
		return (client != null) ? client.getAddress() : this.plain.getInetAddress();
	}

	int port() {
		InetSocketAddress client = client();
		return (client != null) ? client.getPort() : this.plain.getPort();
	}

	private @Nullable InetSocketAddress client() {
		ProxyHeader current = this.header;
		return (current != null) ? current.source() : null;
	}

	@Nullable ProxyHeader header() {
		return this.header;
	}

	/** The balancer's address, when a header was read. */
	@Nullable InetSocketAddress proxyAddress() {
		return (this.header != null) ? (InetSocketAddress) this.plain.getRemoteSocketAddress() : null;
	}

	/**
	 * Records the PROXY header, and the client's bytes that arrived with it: the first bytes
	 * of the input, or of the TLS handshake.
	 */
	void proxied(ProxyHeader header, byte[] consumed) {
		this.consumed = consumed;
		this.header = header;
	}

	/** The client's bytes read with the PROXY header, once. */
	byte[] takeConsumed() {
		byte[] taken = this.consumed;
		this.consumed = NOTHING;
		return taken;
	}

	/**
	 * Records the address the registry counted this connection under, to give the count
	 * back when it is removed; accepting or connection thread.
	 */
	public void counted(@Nullable InetAddress address) {
		this.counted = address;
	}

	/** The address this connection is counted under for the per-peer cap, if any. */
	public @Nullable InetAddress counted() {
		return this.counted;
	}

	/** Whether client bytes read with the header are still waiting for a stream. */
	boolean hasConsumed() {
		return this.consumed.length > 0;
	}

}
