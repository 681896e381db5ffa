package dev.waiter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.Map;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * One accepted client socket, as Net::Waiter passes {@code $client_socket} to its
 * handlers. The same instance is carried by every event of one connection, so
 * {@link #attributes()} can hold state from accept to close.
 * <p>
 * The streams are meant for the connection's own thread (the one that publishes the
 * process event). The counters and addresses may be read from any thread.
 */
public interface WaiterConnection {

	/**
	 * Server-unique, increasing id of this connection (what get_kid_pids lists).
	 * @return the id
	 */
	long id();

	/**
	 * The client's address and port.
	 * @return the remote socket address
	 */
	InetSocketAddress peerAddress();

	/**
	 * The client's host as a literal IP address (no reverse lookup).
	 * @return the peer host
	 */
	String peerHost();

	/**
	 * The client's port.
	 * @return the peer port
	 */
	int peerPort();

	/**
	 * The local address and port the client connected to.
	 * @return the local socket address
	 */
	InetSocketAddress localAddress();

	/**
	 * The local port the client connected to.
	 * @return the local port
	 */
	int localPort();

	/**
	 * The raw bytes from the client, counted. Do not mix with {@link #reader()} on one
	 * connection: the reader buffers ahead.
	 * @return the input stream
	 */
	InputStream input();

	/**
	 * The raw bytes to the client, counted and unbuffered.
	 * @return the output stream
	 */
	OutputStream output();

	/**
	 * A buffered reader in {@code waiter.charset}.
	 * @return the reader, the same one on every call
	 */
	BufferedReader reader();

	/**
	 * A writer in {@code waiter.charset} that flushes on every {@code println},
	 * {@code printf} and {@code format}; the server flushes it once more before it closes
	 * the socket.
	 * @return the writer, the same one on every call
	 */
	PrintWriter writer();

	/**
	 * Reads one line from {@link #reader()}, without its terminator ({@code \n} or
	 * {@code \r\n}), refusing a line longer than {@code maxChars} instead of buffering it.
	 * @param maxChars the longest line accepted, in characters
	 * @return the line, or {@code null} at the end of the stream
	 * @throws java.io.IOException on a read error, a timeout, or a line longer than
	 * {@code maxChars} ({@link LineTooLongException}); after the latter the rest of the
	 * line is still unread
	 */
	@Nullable String readLine(int maxChars) throws IOException;

	/**
	 * Whether this connection runs over TLS.
	 * @return true for a TLS connection
	 */
	boolean isSsl();

	/**
	 * The TLS session once the handshake is done.
	 * @return the session, or {@code null} for a plain connection
	 */
	@Nullable SSLSession sslSession();

	/**
	 * Mutable state shared by the events of this one connection; thread-safe.
	 * @return the attributes
	 */
	Map<String, Object> attributes();

	/**
	 * Bytes read from the client so far.
	 * @return the count
	 */
	long bytesReceived();

	/**
	 * Bytes written to the client so far.
	 * @return the count
	 */
	long bytesSent();

	/**
	 * When the acceptor accepted this connection.
	 * @return the instant
	 */
	Instant acceptedAt();

	/**
	 * Whether the socket is still open.
	 * @return true until the connection is closed
	 */
	boolean isOpen();

	/**
	 * Closes the socket. Safe from any thread and more than once; a handler blocked on
	 * this connection then gets a {@link java.net.SocketException}.
	 */
	void close();

	/**
	 * The underlying socket: the escape hatch for options waiter does not cover. Reading
	 * or writing it directly bypasses the byte counters.
	 * @return the socket
	 */
	Socket socket();

}
