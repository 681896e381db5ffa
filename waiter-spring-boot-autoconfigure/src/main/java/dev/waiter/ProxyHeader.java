package dev.waiter;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The PROXY protocol header a load balancer sent before the client's bytes (HAProxy's
 * {@code doc/proxy-protocol.txt}, versions 1 and 2), as the server decoded it on the
 * connection's thread. Immutable; read it from any thread through
 * {@link WaiterConnection#proxyHeader()}.
 * <p>
 * When the header carries the client's endpoints ({@link #source()} not {@code null}),
 * {@link WaiterConnection#peerAddress()} is the client's and {@link #proxyAddress()} the
 * balancer's. A version 2 {@code LOCAL} header (a balancer's own health check) and a
 * version 1 {@code UNKNOWN} one carry none: the connection keeps its real endpoints.
 */
public final class ProxyHeader {

	/** Type of the TLV holding the negotiated application protocol (ALPN), such as {@code h2}. */
	public static final int PP2_TYPE_ALPN = 0x01;

	/** Type of the TLV holding the host name the client asked for (TLS SNI). */
	public static final int PP2_TYPE_AUTHORITY = 0x02;

	/** Type of the TLV holding the balancer's opaque id of the connection. */
	public static final int PP2_TYPE_UNIQUE_ID = 0x05;

	/** Type of the TLV holding the client's TLS details ({@link Ssl}). */
	public static final int PP2_TYPE_SSL = 0x20;

	/** Type of the TLV holding the network namespace of the balancer's socket. */
	public static final int PP2_TYPE_NETNS = 0x30;

	private final int version;

	private final boolean local;

	private final @Nullable InetSocketAddress source;

	private final @Nullable InetSocketAddress destination;

	private final InetSocketAddress proxyAddress;

	private final Map<Integer, byte[]> tlvs;

	private final @Nullable Ssl ssl;

	/**
	 * Creates a decoded header.
	 * @param version 1 or 2
	 * @param local whether it is a version 2 {@code LOCAL} command
	 * @param source the client's endpoint, or {@code null} when the header has none
	 * @param destination the endpoint the client connected to, or {@code null}
	 * @param proxyAddress the balancer's endpoint: the socket's real peer
	 * @param tlvs the version 2 TLVs by type, in order (the last of a repeated type)
	 * @param ssl the decoded {@link #PP2_TYPE_SSL} TLV, if any
	 */
	public ProxyHeader(int version, boolean local, @Nullable InetSocketAddress source,
			@Nullable InetSocketAddress destination, InetSocketAddress proxyAddress, Map<Integer, byte[]> tlvs,
			@Nullable Ssl ssl) {
		this.version = version;
		this.local = local;
		this.source = source;
		this.destination = destination;
		this.proxyAddress = proxyAddress;
		this.tlvs = Collections.unmodifiableMap(new LinkedHashMap<>(tlvs));
		this.ssl = ssl;
	}

	/**
	 * The protocol version.
	 * @return 1 (text) or 2 (binary)
	 */
	public int version() {
		return this.version;
	}

	/**
	 * Whether the balancer opened this connection for itself (version 2 {@code LOCAL},
	 * such as a health check): then there is no client behind it.
	 * @return true for {@code LOCAL}
	 */
	public boolean isLocal() {
		return this.local;
	}

	/**
	 * The client's address and port as the balancer saw them.
	 * @return the source, or {@code null} for {@code LOCAL}, {@code UNKNOWN} or an
	 * address family without one (UNIX sockets, {@code AF_UNSPEC})
	 */
	public @Nullable InetSocketAddress source() {
		return this.source;
	}

	/**
	 * The address and port the client connected to on the balancer.
	 * @return the destination, or {@code null} when {@link #source()} is
	 */
	public @Nullable InetSocketAddress destination() {
		return this.destination;
	}

	/**
	 * The balancer's own address: the real peer of the socket.
	 * @return the address that sent the header
	 */
	public InetSocketAddress proxyAddress() {
		return this.proxyAddress;
	}

	/**
	 * The version 2 TLVs by type. The arrays are the header's own: do not change them.
	 * @return the TLVs, empty for version 1 and for {@code LOCAL} (whose block the spec
	 * has the receiver discard)
	 */
	public Map<Integer, byte[]> tlvs() {
		return this.tlvs;
	}

	/**
	 * One TLV's value.
	 * @param type such as {@link #PP2_TYPE_AUTHORITY}
	 * @return its value, or {@code null} if the header has none
	 */
	public byte @Nullable [] tlv(int type) {
		return this.tlvs.get(type);
	}

	/**
	 * The application protocol the client negotiated with the balancer.
	 * @return the ALPN TLV as text, or {@code null}
	 */
	public @Nullable String alpn() {
		return text(PP2_TYPE_ALPN);
	}

	/**
	 * The host name the client asked the balancer for (TLS SNI).
	 * @return the AUTHORITY TLV, or {@code null}
	 */
	public @Nullable String authority() {
		return text(PP2_TYPE_AUTHORITY);
	}

	/**
	 * The balancer's id of this connection (HAProxy's {@code unique-id-format}).
	 * @return the UNIQUE_ID TLV as text, or {@code null}
	 */
	public @Nullable String uniqueId() {
		return text(PP2_TYPE_UNIQUE_ID);
	}

	/**
	 * What the balancer knows of the client's TLS connection to it.
	 * @return the SSL TLV, or {@code null}
	 */
	public @Nullable Ssl ssl() {
		return this.ssl;
	}

	private @Nullable String text(int type) {
		byte[] value = this.tlvs.get(type);
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	@Override
	public String toString() {
		return "PROXY v" + this.version + (this.local ? " LOCAL" : "") + " " + this.source + " -> "
				+ this.destination + " via " + this.proxyAddress;
	}

	/**
	 * The {@code PP2_TYPE_SSL} TLV: the client's TLS connection to the balancer.
	 * @param client the client bit field ({@code PP2_CLIENT_SSL} = 1, {@code CERT_CONN} = 2,
	 * {@code CERT_SESS} = 4)
	 * @param verify 0 when the client's certificate was verified
	 * @param version the TLS version, such as {@code TLSv1.3}, or {@code null}
	 * @param commonName the client certificate's CN, or {@code null}
	 * @param cipher the cipher suite, or {@code null}
	 * @param signatureAlgorithm the certificate's signature algorithm, or {@code null}
	 * @param keyAlgorithm the certificate's key algorithm, or {@code null}
	 */
	public record Ssl(int client, int verify, @Nullable String version, @Nullable String commonName,
			@Nullable String cipher, @Nullable String signatureAlgorithm, @Nullable String keyAlgorithm) {

		/**
		 * Whether the client connected to the balancer over TLS.
		 * @return the {@code PP2_CLIENT_SSL} bit
		 */
		public boolean isTls() {
			return (this.client & 0x01) != 0;
		}

		/**
		 * Whether the client presented a certificate that the balancer verified.
		 * @return a certificate bit set and {@code verify} zero
		 */
		public boolean isClientCertificateVerified() {
			return (this.client & 0x06) != 0 && this.verify == 0;
		}

	}

}
