package dev.waiter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
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
	 * The client's address and port: with the PROXY protocol on, the client's as the
	 * balancer's header gives it (see {@link #proxyAddress()}).
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
	 * The credentials of the process at the other end of a Unix domain socket
	 * ({@code waiter.unix-socket}); a Unix peer has no address, so {@link #peerAddress()}
	 * reports the loopback address and port 0 for it (or the client's address from a
	 * PROXY header).
	 * @return the peer's user and group, or {@code null} on TCP or where the system does
	 * not give them
	 */
	default @Nullable PeerCredentials peerCredentials() {
		return null;
	}

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
	 * The client's bytes as a buffered, counted stream with line, frame, exact-length and
	 * integer reads; every read API of this connection reads from it.
	 * @return the input, the same one on every call
	 */
	ConnectionInput in();

	/**
	 * The bytes to the client as a buffered, counted stream with an explicit
	 * {@link ConnectionOutput#flush()}; every write API of this connection writes into it,
	 * so writes through any of them keep their order.
	 * @return the output, the same one on every call
	 */
	ConnectionOutput out();

	/**
	 * The bytes from the client, as an {@code InputStream}: {@link #in()} itself, so reads
	 * through it mix with {@link #readLine(int)} and {@link #readFrame()}. Do not mix with
	 * {@link #reader()}, which decodes ahead.
	 * <p>
	 * A graceful stop closes a connection as idle only when the handler waits for input
	 * having consumed nothing since its last write; what the server's own reads hold (a
	 * partial line, frame or character in {@link #in()}, {@link #readLine(int)},
	 * {@link #readFrame()}, {@link #reader()}) keeps it busy. A buffer the handler keeps
	 * itself over this stream (its own {@code BufferedReader} or
	 * {@code BufferedInputStream}, or a parser over {@code read(byte[])}) is not seen: at a
	 * stop such a handler meets a clean end of stream as at a client's close, and must take
	 * a partial request at the end of the stream as incomplete.
	 * @return the input stream
	 */
	InputStream input();

	/**
	 * The bytes to the client, sent at once: each write goes through {@link #out()} and
	 * flushes it, as the unbuffered stream Net::Waiter handlers expect.
	 * @return the output stream
	 */
	OutputStream output();

	/**
	 * A buffered reader in {@code waiter.charset}, reading from {@link #in()}. It decodes
	 * ahead into a buffer of its own: once a handler reads through it, it should read
	 * through nothing else.
	 * @return the reader, the same one on every call
	 */
	BufferedReader reader();

	/**
	 * A writer in {@code waiter.charset} that writes into {@link #out()} and flushes on every
	 * {@code println}, {@code printf} and {@code format}; the server flushes once more before
	 * it closes the socket. A write error that the {@code PrintWriter} swallows still makes
	 * the connection's outcome {@code ERROR}.
	 * @return the writer, the same one on every call
	 */
	PrintWriter writer();

	/**
	 * Reads one line from {@link #in()}: {@link ConnectionInput#readLine(int)}.
	 * @param maxBytes the longest line accepted, in bytes
	 * @return the line, or {@code null} at the end of the stream
	 * @throws java.io.IOException on a read error, a timeout, or a line longer than
	 * {@code maxBytes} ({@link LineTooLongException}); after the latter the rest of the
	 * line is still unread
	 */
	@Nullable String readLine(int maxBytes) throws IOException;

	/**
	 * Reads the next frame with the server's framing ({@code waiter.frame.*}, or a
	 * {@link dev.waiter.frame.Framing} set in code; LF lines of at most 64 KiB unless set).
	 * @return the frame's payload, or {@code null} at a clean end of stream
	 * @throws IOException as {@link dev.waiter.frame.Framing#read(ConnectionInput)}
	 */
	byte @Nullable [] readFrame() throws IOException;

	/**
	 * Writes one frame with the server's framing into {@link #out()}; it is sent when the
	 * handler flushes, reads with nothing buffered, or returns.
	 * @param payload the frame's payload
	 * @throws IOException when a write to the socket fails
	 */
	void writeFrame(byte[] payload) throws IOException;

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
	 * The host name the client asked for in its TLS hello (SNI), by which the server chose
	 * its certificate ({@code waiter.ssl.server-name-bundles}): the first
	 * {@link SNIHostName} of the session's
	 * {@link ExtendedSSLSession#getRequestedServerNames()}, which a handler may read itself.
	 * @return the name in its ASCII form ({@code xn--} labels), lower-cased; {@code null}
	 * for a plain connection or a client that sent no name
	 */
	default @Nullable String sslServerName() {
		if (sslSession() instanceof ExtendedSSLSession session) {
			for (SNIServerName name : session.getRequestedServerNames()) {
				if (name instanceof SNIHostName host) {
					return host.getAsciiName().toLowerCase(Locale.ROOT);
				}
			}
		}
		return null;
	}

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

	/**
	 * The PROXY protocol header the balancer sent, when {@code waiter.proxy-protocol} is
	 * on: the client's endpoints and, in version 2, TLVs such as ALPN, AUTHORITY,
	 * UNIQUE_ID and SSL.
	 * @return the header, or {@code null} when the server takes none or has not read it
	 * yet (the accepted event of a server with the PROXY protocol on comes after it)
	 */
	default @Nullable ProxyHeader proxyHeader() {
		return null;
	}

	/**
	 * The balancer's own address, the socket's real peer, when a PROXY header was read.
	 * @return the balancer's address, or {@code null} without a header
	 */
	default @Nullable InetSocketAddress proxyAddress() {
		return null;
	}

}
