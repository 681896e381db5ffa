package dev.waiter.server.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.waiter.WaiterOutcome;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.timeout.ServerTimers;
import org.jspecify.annotations.Nullable;

/**
 * Runs the TLS handshake of one connection on its own thread, bounded twice by the
 * handshake timeout: each read (SO_TIMEOUT), and the whole handshake (a deadline that
 * closes the plain socket, never waiting on the client), so neither a silent client nor one that drips a byte at a time
 * holds more than its own thread, and not for longer than the timeout.
 */
public final class TlsHandshake {

	private TlsHandshake() {
	}

	/**
	 * Upgrades the connection to TLS.
	 * @param connection the accepted connection, nothing read from it yet
	 * @param tls the server's TLS settings
	 * @return {@code null} when the handshake succeeded, else why it failed
	 */
	public static @Nullable Exception perform(SocketConnection connection, WaiterTls tls) {
		Duration timeout = tls.getHandshakeTimeout();
		Socket plain = connection.plainSocket();
		HandshakeDeadline deadline = new HandshakeDeadline(connection::abort);
		ScheduledFuture<?> timer = ServerTimers.EXECUTOR.schedule(deadline::expire, timeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			plain.setSoTimeout(Math.toIntExact(timeout.toMillis()));
			SSLSocket socket = tls.wrap(plain, connection.takeConsumed());
			connection.upgrade(socket);
			socket.startHandshake();
			timer.cancel(false);
			if (!deadline.complete()) {
				return timedOut(timeout);
			}
			socket.setSoTimeout(0);
			refuseRenegotiation(connection, socket);
			return null;
		}
		catch (IOException | RuntimeException ex) {
			timer.cancel(false);
			return deadline.complete() ? ex : timedOut(timeout);
		}
	}

	/**
	 * Refuses a TLS 1.2 renegotiation the client asks for on this connection, where the
	 * JVM's switch ({@code jdk.tls.rejectClientInitiatedRenegotiation}) would apply to
	 * every socket of the process. A full one needs a new session, which the JDK then
	 * refuses at the client's hello, before the server's key exchange and signature
	 * ("Not resumption, and no new session is allowed"), and the connection ends. An
	 * abbreviated one resumes the session and costs no public-key operation, but a client
	 * could repeat it for as long as the connection lives: the listener, which the JDK
	 * runs on a thread of its own for each handshake completed from now on, closes the
	 * connection just after it, outcome {@link WaiterOutcome#SSL_ERROR} (what the client
	 * sent at once may still be served first),
	 * so each connection gets one at most, no more than reconnecting with a resumed
	 * session. TLS 1.3 has no renegotiation; its key updates are no handshake and go on
	 * working.
	 */
	private static void refuseRenegotiation(SocketConnection connection, SSLSocket socket) {
		socket.setEnableSessionCreation(false);
		socket.addHandshakeCompletedListener((renegotiated) -> connection.closeBy(WaiterOutcome.SSL_ERROR));
	}

	private static SocketTimeoutException timedOut(Duration timeout) {
		return new SocketTimeoutException("TLS handshake not done within " + timeout);
	}

}
