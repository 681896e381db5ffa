package dev.waiter.server;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * Runs the TLS handshake of one connection on its own thread, bounded twice by the
 * handshake timeout: each read (SO_TIMEOUT), and the whole handshake (a deadline that
 * closes the socket), so neither a silent client nor one that drips a byte at a time
 * holds more than its own thread, and not for longer than the timeout.
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
		Duration timeout = tls.getHandshakeTimeout();
		Socket plain = connection.socket();
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> deadline = Deadlines.EXECUTOR.schedule(() -> {
			expired.set(true);
			connection.close();
		}, timeout.toMillis(), TimeUnit.MILLISECONDS);
		try {
			plain.setSoTimeout(Math.toIntExact(timeout.toMillis()));
			SSLSocket socket = tls.wrap(plain);
			connection.upgrade(socket);
			socket.startHandshake();
			deadline.cancel(false);
			if (expired.get()) {
				return new SocketTimeoutException("TLS handshake not done within " + timeout);
			}
			socket.setSoTimeout((readTimeout != null) ? Math.toIntExact(readTimeout.toMillis()) : 0);
			return null;
		}
		catch (IOException | RuntimeException ex) {
			deadline.cancel(false);
			return expired.get() ? new SocketTimeoutException("TLS handshake not done within " + timeout) : ex;
		}
	}

	/** One daemon thread for every server's handshake deadlines; it only closes sockets. */
	private static final class Deadlines {

		static final ScheduledThreadPoolExecutor EXECUTOR = create();

		private static ScheduledThreadPoolExecutor create() {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "waiter-tls-deadlines");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			return executor;
		}

	}

}
