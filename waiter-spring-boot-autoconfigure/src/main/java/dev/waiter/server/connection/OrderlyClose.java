package dev.waiter.server.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;

import dev.waiter.server.transport.UnixSocket;

/**
 * Closes a connection so that the reply already written reaches the client. A plain
 * {@code close()} with unread input makes the kernel send a reset, which destroys the
 * reply still in flight; so, when unread input is waiting, as Apache httpd's lingering
 * close: flush, shut down output (the client sees the end of the reply; over TLS this
 * sends close_notify), read and discard what the client still sends until it closes, for
 * at most {@link #LINGER_TIME} and {@link #LINGER_BYTES}, then close. With nothing unread
 * a plain close already sends the reply and then a FIN, so the common case costs one
 * {@code available()} call. On a Unix domain socket, whose {@code available()} cannot
 * tell (always 0) and whose close with unread input also resets the peer, the linger is
 * done whenever the input has not ended. Not done when nothing was written (no reply to lose). Runs on
 * the connection's own thread; a write blocked in it is seen by the write timeout.
 */
public final class OrderlyClose {

	/** The longest wait for the client to close after the reply's end. */
	static final Duration LINGER_TIME = Duration.ofSeconds(2);

	/** The most unread input discarded before closing anyway. */
	static final int LINGER_BYTES = 256 * 1024;

	private static final int DRAIN_BUFFER = 2048;

	private OrderlyClose() {
	}

	public static void close(SocketConnection connection) {
		connection.flushQuietly();
		Socket socket = connection.socket();
		Socket plain = connection.plainSocket();
		try {
			if (connection.isOpen() && connection.bytesSent() > 0 && !connection.inputEnded()
					&& (plain.getInputStream().available() > 0 || plain instanceof UnixSocket)) {
				shutdownOutput(connection, socket);
				drain(plain);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away or reset: nothing is left to deliver.
		}
		finally {
			if (socket != plain && !plain.isClosed()) {
				closeQuietly(socket);
			}
			closeQuietly(plain);
		}
	}

	/** Closes a socket the client may already have reset, which leaves nothing to release. */
	public static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing a socket the peer already reset: nothing left to release.
		}
	}

	private static void shutdownOutput(SocketConnection connection, Socket socket) throws IOException {
		IoClock writes = connection.writes();
		writes.begin();
		try {
			socket.shutdownOutput();
		}
		finally {
			writes.end();
		}
	}

	/**
	 * After a stop closed the connection as idle ({@link ConnectionSockets#closeAsIdle}: its
	 * output is shut down), reads and discards what the client still sends, raw, until it
	 * closes, {@link #LINGER_BYTES} have come, or the stop closes the socket once the kernel
	 * has delivered everything (when {@code timed}, as after an idle timeout with no stop to
	 * watch it, for at most {@link #LINGER_TIME}); then closes. Connection's thread, after its handler ended.
	 */
	public static void lingerAfterIdleClose(SocketConnection connection, boolean timed) {
		Socket plain = connection.plainSocket();
		try {
			discard(plain, timed);
		}
		catch (IOException | RuntimeException ex) {
			// closed by the stop, or reset by the client: nothing is left to deliver
		}
		finally {
			closeQuietly(plain);
		}
	}

	/**
	 * Reads the plain socket (raw bytes, even under TLS) until the client closes or a bound
	 * is hit; also used by {@link dev.waiter.server.admission.RefusalClose}.
	 */
	public static void drain(Socket plain) throws IOException {
		discard(plain, true);
	}

	/**
	 * Reads and discards the plain socket's input until the client closes or
	 * {@link #LINGER_BYTES} have come; when {@code timed}, for at most {@link #LINGER_TIME}
	 * too, else for as long as it takes (the caller's own bound closes the socket).
	 */
	private static void discard(Socket plain, boolean timed) throws IOException {
		long deadline = System.nanoTime() + LINGER_TIME.toNanos();
		InputStream in = plain.getInputStream();
		byte[] buffer = new byte[DRAIN_BUFFER];
		if (!timed) {
			plain.setSoTimeout(0);
		}
		for (int drained = 0; drained < LINGER_BYTES;) {
			if (timed) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return;
				}
				plain.setSoTimeout((int) Math.max(1, Duration.ofNanos(remaining).toMillis()));
			}
			int n = in.read(buffer);
			if (n < 0) {
				return;
			}
			drained += n;
		}
	}

}
