package dev.waiter.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

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
	 * Creates the TLS settings.
	 * @param socketFactory supplies the factory for the next connection
	 * @param clientAuth whether to ask clients for a certificate
	 * @param protocols the protocols to enable
	 * @param ciphers the cipher suites to enable, {@code null} for the JVM's defaults
	 * @param handshakeTimeout the longest wait for each read of the handshake
	 */
	public WaiterTls(Supplier<SSLSocketFactory> socketFactory, WaiterClientAuth clientAuth, List<String> protocols,
			@Nullable List<String> ciphers, Duration handshakeTimeout) {
		this.socketFactory = socketFactory;
		this.clientAuth = clientAuth;
		this.protocols = List.copyOf(protocols);
		this.ciphers = (ciphers != null) ? List.copyOf(ciphers) : null;
		this.handshakeTimeout = handshakeTimeout;
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

	/**
	 * Layers a server-mode TLS socket over an accepted plain one; the handshake is left to
	 * the caller.
	 * @param plain the accepted socket
	 * @return the TLS socket, which closes the plain one when closed
	 * @throws IOException if the socket cannot be layered
	 */
	SSLSocket wrap(Socket plain) throws IOException {
		SSLSocket socket = (SSLSocket) this.socketFactory.get()
			.createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
		socket.setUseClientMode(false);
		socket.setEnabledProtocols(this.protocols.toArray(String[]::new));
		if (this.ciphers != null) {
			socket.setEnabledCipherSuites(this.ciphers.toArray(String[]::new));
		}
		switch (this.clientAuth) {
			case NEED -> socket.setNeedClientAuth(true);
			case WANT -> socket.setWantClientAuth(true);
			case NONE -> socket.setNeedClientAuth(false);
		}
		return socket;
	}

}
