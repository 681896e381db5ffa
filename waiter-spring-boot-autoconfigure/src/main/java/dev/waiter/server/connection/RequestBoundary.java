package dev.waiter.server.connection;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import dev.waiter.server.transport.UnixSocket;
import org.jspecify.annotations.Nullable;

/**
 * The request model's view of a connection between two requests: whether the next one has
 * (partly) arrived already, and what the connection gives back while it waits for one.
 * Connection's thread.
 */
public final class RequestBoundary {

	private RequestBoundary() {
	}

	/**
	 * Whether a read would not block: bytes in the input's buffer, bytes that came with the
	 * PROXY header (not yet given to a stream, or in its stream), or data the TLS layer has
	 * decrypted.
	 * @param connection the connection
	 * @return true when the next request has (partly) arrived
	 */
	public static boolean inputWaiting(SocketConnection connection) {
		return connection.streams().in.buffered() > 0 || connection.hasConsumed()
				|| connection.readState().hasEarlyInput() || connection.sockets().hasDecryptedInput();
	}

	/**
	 * Marks the request boundary: everything consumed so far has been handed out as
	 * requests, so a read that waits now waits idle, and the request clock stops.
	 * @param connection the connection
	 */
	public static void mark(SocketConnection connection) {
		connection.streams().in.requestBoundary();
		connection.readState().requestAnswered();
	}

	/**
	 * Before a wait for the next request: sends the pending replies (no further request is
	 * buffered), marks the boundary and gives back both buffers; a thread that will wait in
	 * a read keeps the small first input buffer.
	 * @param connection the connection
	 * @param withoutThread whether the connection will wait with no thread
	 * @throws IOException when sending the replies fails
	 */
	public static void beforeWait(SocketConnection connection, boolean withoutThread) throws IOException {
		ConnectionStreams streams = connection.streams();
		connection.flushPending();
		mark(connection);
		streams.in.release(withoutThread);
		streams.out.release();
	}

	/**
	 * Waits on the connection's thread, for at most {@code millis}, for the next request to
	 * begin: a connection that is busy keeps its thread between requests, and only one that
	 * stays idle parks. For a plain TCP socket only (a timed read may leave a TLS record or
	 * an emulated Unix socket unusable): for others it returns false at once.
	 * @param connection the connection, at a boundary ({@link #beforeWait})
	 * @param millis the longest wait
	 * @return whether bytes (or the end of the stream, or a failure the next read meets)
	 * arrived; false when the connection should park
	 */
	public static boolean awaitBriefly(SocketConnection connection, int millis) {
		Socket plain = connection.plainSocket();
		if (connection.isSsl() || plain instanceof UnixSocket) {
			return false;
		}
		try {
			plain.setSoTimeout(millis);
		}
		catch (IOException ex) {
			return false;
		}
		try {
			return connection.streams().in.awaitInputBriefly();
		}
		finally {
			try {
				plain.setSoTimeout(0);
			}
			catch (IOException ex) {
				// closed meanwhile: the next read meets it
			}
		}
	}

	/** Gives back the small input buffer a brief wait kept, before the connection parks. */
	public static void beforePark(SocketConnection connection) {
		connection.streams().in.release(true);
	}

	/**
	 * The channel under the connection's plain socket, which can wait on a selector; TCP
	 * sockets accepted from a channel's server socket and Unix domain sockets have one.
	 * @param connection the connection
	 * @return the channel, or {@code null} when the socket has none
	 */
	public static @Nullable SocketChannel channel(SocketConnection connection) {
		Socket plain = connection.plainSocket();
		return plain.getChannel();
	}

}
