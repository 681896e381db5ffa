package dev.waiter.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.StandardConstants;

import org.jspecify.annotations.Nullable;

/**
 * How a server speaks TLS: where its current socket factory comes from (a supplier, so
 * that a reloaded certificate applies to the next connection), client authentication,
 * protocols, ciphers and the handshake timeout. Immutable; {@link #wrap} is called on
 * each connection's own thread, never on the acceptor.
 */
public final class WaiterTls {

	private final Supplier<SSLSocketFactory> socketFactory;

	private final WaiterClientAuth clientAuth;

	private final List<String> protocols;

	private final @Nullable List<String> ciphers;

	private final Duration handshakeTimeout;

	/**
	 * The default cipher suites: Mozilla's "intermediate" server-side TLS profile, AEAD
	 * only (AES-GCM and ChaCha20-Poly1305 with forward secrecy on TLS 1.2, every TLS 1.3
	 * suite), rather than the JVM's defaults, which still offer CBC suites with SHA-1 and
	 * SHA-2 MACs on TLS 1.2.
	 */
	public static final List<String> DEFAULT_CIPHERS = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
			"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
			"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
			"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
			"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
			"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

	/**
	 * The longest handshake timeout: each read of the handshake is bounded by it as a
	 * socket timeout, which holds a whole number of milliseconds up to
	 * {@link Integer#MAX_VALUE} (about 24.8 days).
	 */
	public static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

	/**
	 * Accepts every host name a client asks for: with a matcher the JDK records the name on
	 * the session, and resumes a session only for a client asking for the name it was made
	 * under (RFC 6066, section 3), so a client resuming across names gets the certificate of
	 * the name it asks for now ({@code waiter.ssl.server-name-bundles}). Without one, the JDK
	 * resumes any session whatever the name.
	 */
	private static final List<SNIMatcher> ANY_HOST_NAME = List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
		@Override
		public boolean matches(SNIServerName serverName) {
			return true;
		}
	});

	/** The defaults this JVM supports, worked out on the first connection. */
	private volatile String @Nullable [] supportedDefaults;

	/**
	 * Creates the TLS settings.
	 * @param socketFactory supplies the factory for the next connection
	 * @param clientAuth whether to ask clients for a certificate
	 * @param protocols the protocols to enable
	 * @param ciphers the cipher suites to enable, {@code null} for {@link #DEFAULT_CIPHERS}
	 * @param handshakeTimeout the longest wait for each read of the handshake, and for the
	 * whole of it: from 1 ms to {@link #MAX_HANDSHAKE_TIMEOUT}
	 * @throws IllegalArgumentException if the handshake timeout is out of that range
	 */
	public WaiterTls(Supplier<SSLSocketFactory> socketFactory, WaiterClientAuth clientAuth, List<String> protocols,
			@Nullable List<String> ciphers, Duration handshakeTimeout) {
		this.socketFactory = socketFactory;
		this.clientAuth = clientAuth;
		this.protocols = List.copyOf(protocols);
		this.ciphers = (ciphers != null) ? List.copyOf(ciphers) : null;
		if (!isValidHandshakeTimeout(handshakeTimeout)) {
			throw new IllegalArgumentException("The handshake timeout must be from 1ms to "
					+ MAX_HANDSHAKE_TIMEOUT.toMillis() + "ms, not " + handshakeTimeout);
		}
		this.handshakeTimeout = handshakeTimeout;
	}

	/**
	 * Whether a handshake timeout can bound a socket read: at least 1 ms and at most
	 * {@link #MAX_HANDSHAKE_TIMEOUT}.
	 * @param timeout the timeout
	 * @return true if the server can use it
	 */
	public static boolean isValidHandshakeTimeout(Duration timeout) {
		return timeout.compareTo(Duration.ofMillis(1)) >= 0 && timeout.compareTo(MAX_HANDSHAKE_TIMEOUT) <= 0;
	}

	public WaiterClientAuth getClientAuth() {
		return this.clientAuth;
	}

	public List<String> getProtocols() {
		return this.protocols;
	}

	public @Nullable List<String> getCiphers() {
		return this.ciphers;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	private String[] defaults(SSLSocket socket) {
		String[] suites = this.supportedDefaults;
		if (suites == null) {
			List<String> supported = List.of(socket.getSupportedCipherSuites());
			suites = DEFAULT_CIPHERS.stream().filter(supported::contains).toArray(String[]::new);
			this.supportedDefaults = suites;
		}
		return suites;
	}

	/**
	 * Layers a server-mode TLS socket over an accepted plain one; the handshake is left to
	 * the caller.
	 * @param plain the accepted socket
	 * @return the TLS socket, which closes the plain one when closed
	 * @throws IOException if the socket cannot be layered
	 */
	SSLSocket wrap(Socket plain, byte[] consumed) throws IOException {
		SSLSocketFactory factory = this.socketFactory.get();
		SSLSocket socket = (consumed.length == 0)
				? (SSLSocket) factory.createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true)
				: (SSLSocket) factory.createSocket(plain, new ByteArrayInputStream(consumed), true);
		socket.setUseClientMode(false);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setSNIMatchers(ANY_HOST_NAME);
		socket.setSSLParameters(parameters);
		socket.setEnabledProtocols(this.protocols.toArray(String[]::new));
		socket.setEnabledCipherSuites((this.ciphers != null) ? this.ciphers.toArray(String[]::new) : defaults(socket));
		switch (this.clientAuth) {
			case NEED -> socket.setNeedClientAuth(true);
			case WANT -> socket.setWantClientAuth(true);
			case NONE -> socket.setNeedClientAuth(false);
		}
		return socket;
	}

}
