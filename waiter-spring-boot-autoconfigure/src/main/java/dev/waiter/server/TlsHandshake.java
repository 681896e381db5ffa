package dev.waiter.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * Runs the TLS handshake of one connection on its own thread, each read bounded by the
 * handshake timeout, so a silent or slow client holds only its own thread.
 */
final class TlsHandshake {

	private TlsHandshake() {
	}

	/**
	 * Upgrades the connection to TLS.
	 * @param connection the accepted connection, nothing read from it yet
	 * @param tls the server's TLS settings
	 * @param readTimeout the read timeout to restore after the handshake
	 * @return {@code null} when the handshake succeeded, else why it failed
	 */
	static @Nullable Exception perform(SocketConnection connection, WaiterTls tls, @Nullable Duration readTimeout) {
		try {
			Socket plain = connection.socket();
			plain.setSoTimeout(Math.toIntExact(tls.getHandshakeTimeout().toMillis()));
			SSLSocket socket = tls.wrap(plain);
			connection.upgrade(socket);
			socket.startHandshake();
			socket.setSoTimeout((readTimeout != null) ? Math.toIntExact(readTimeout.toMillis()) : 0);
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return ex;
		}
	}

}
