package dev.waiter.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSession;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The socket-backed {@link WaiterConnection}. Created by the accepting thread; its
 * streams, reader and writer are created lazily on the connection's thread, so a client
 * that is refused or whose handler never reads costs no buffers.
 */
final class SocketConnection implements WaiterConnection {

	private static final int TEXT_BUFFER_SIZE = 1024;

	private final long id;

	private final Socket plain;

	private volatile Socket socket;

	private final WriteClock writes = new WriteClock();

	private volatile @Nullable Thread owner;

	private final Charset charset;

	private static final long CLOCK_NANOS = System.nanoTime();

	private static final Instant CLOCK_INSTANT = Instant.now();

	private final long acceptedNanos = System.nanoTime();

	private volatile @Nullable Map<String, Object> attributes;

	private volatile @Nullable CountingInputStream input;

	private volatile @Nullable CountingOutputStream output;

	private @Nullable ConnectionReader reader;

	private @Nullable PrintWriter writer;

	private @Nullable ConnectionWriter writerSink;

	private volatile @Nullable WaiterOutcome closedBy;

	SocketConnection(long id, Socket socket, Charset charset) {
		this.id = id;
		this.plain = socket;
		this.socket = socket;
		this.charset = charset;
	}

	@Override
	public long id() {
		return this.id;
	}

	@Override
	public InetSocketAddress peerAddress() {
		return (InetSocketAddress) this.socket.getRemoteSocketAddress();
	}

	@Override
	public String peerHost() {
		return this.socket.getInetAddress().getHostAddress();
	}

	@Override
	public int peerPort() {
		return this.socket.getPort();
	}

	@Override
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.socket.getLocalSocketAddress();
	}

	@Override
	public int localPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public InputStream input() {
		CountingInputStream in = this.input;
		if (in == null) {
			in = new CountingInputStream(open(this.socket::getInputStream));
			this.input = in;
		}
		return in;
	}

	@Override
	public OutputStream output() {
		CountingOutputStream out = this.output;
		if (out == null) {
			out = new CountingOutputStream(open(this.socket::getOutputStream), this.writes);
			this.output = out;
		}
		return out;
	}

	/**
	 * A reader with small buffers (3 KiB in all, against 24 KiB for an
	 * {@code InputStreamReader} in a {@code BufferedReader}): line protocols need no more,
	 * and ten thousand idle clients each blocked in a read keep theirs.
	 */
	@Override
	public BufferedReader reader() {
		return connectionReader();
	}

	private ConnectionReader connectionReader() {
		ConnectionReader in = this.reader;
		if (in == null) {
			in = new ConnectionReader(input(), this.charset, TEXT_BUFFER_SIZE);
			this.reader = in;
		}
		return in;
	}

	/**
	 * A writer with a small encoding buffer that flushes on {@code println}, {@code printf}
	 * and {@code format}; the server flushes it once more before closing.
	 */
	@Override
	public PrintWriter writer() {
		PrintWriter out = this.writer;
		if (out == null) {
			ConnectionWriter sink = new ConnectionWriter(output(), this.charset, TEXT_BUFFER_SIZE);
			out = new PrintWriter(sink, true);
			this.writerSink = sink;
			this.writer = out;
		}
		return out;
	}

	@Override
	public @Nullable String readLine(int maxChars) throws IOException {
		return connectionReader().readLine(maxChars);
	}

	@Override
	public boolean isSsl() {
		return this.socket instanceof SSLSocket;
	}

	@Override
	public @Nullable SSLSession sslSession() {
		return (this.socket instanceof SSLSocket ssl) ? ssl.getSession() : null;
	}

	/** Created on first use (most handlers never need it), safely from any thread. */
	@Override
	public Map<String, Object> attributes() {
		Map<String, Object> map = this.attributes;
		if (map == null) {
			synchronized (this) {
				map = this.attributes;
				if (map == null) {
					map = new ConcurrentHashMap<>(4);
					this.attributes = map;
				}
			}
		}
		return map;
	}

	@Override
	public long bytesReceived() {
		CountingInputStream in = this.input;
		return (in != null) ? in.getCount() : 0;
	}

	@Override
	public long bytesSent() {
		CountingOutputStream out = this.output;
		return (out != null) ? out.getCount() : 0;
	}

	/**
	 * When the connection was accepted, derived from the monotonic clock read at accept
	 * (one call on the acceptor instead of two).
	 */
	@Override
	public Instant acceptedAt() {
		return CLOCK_INSTANT.plusNanos(this.acceptedNanos - CLOCK_NANOS);
	}

	long acceptedNanos() {
		return this.acceptedNanos;
	}

	@Override
	public boolean isOpen() {
		return !this.plain.isClosed() && !this.socket.isClosed();
	}

	/**
	 * On the connection's own thread, an orderly close ({@link OrderlyClose}) that lets the
	 * written reply reach the client; from any other thread, the plain socket is closed at
	 * once, which never waits on the client (a TLS close would wait for the record lock a
	 * handler blocked in a write holds).
	 */
	@Override
	public void close() {
		if (Thread.currentThread() == this.owner) {
			OrderlyClose.close(this);
		}
		else {
			abort();
		}
	}

	/** Closes the plain socket under any TLS layer: immediate, from any thread. */
	void abort() {
		closeQuietly(this.plain);
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing a socket the peer already reset: nothing left to release.
		}
	}

	/**
	 * Marks the calling thread as the one serving this connection: its {@link #close()}
	 * is then orderly. Called by the runner before any event of the connection.
	 */
	void ownedBy(@Nullable Thread thread) {
		this.owner = thread;
	}

	Socket plainSocket() {
		return this.plain;
	}

	WriteClock writes() {
		return this.writes;
	}

	/**
	 * Whether the handler has read to the end of the client's stream, so no unread input
	 * can turn the close into a reset.
	 */
	boolean inputEnded() {
		CountingInputStream in = this.input;
		return in != null && in.isEnded();
	}

	/**
	 * The first error writing through {@link #writer()}, which a {@code PrintWriter}
	 * swallows.
	 */
	@Nullable IOException writerFailure() {
		ConnectionWriter sink = this.writerSink;
		return (sink != null) ? sink.failure() : null;
	}

	/**
	 * Replaces the plain socket by the TLS socket layered over it, on the connection's
	 * thread before any stream is opened.
	 */
	void upgrade(SSLSocket tlsSocket) {
		this.socket = tlsSocket;
	}

	/**
	 * Closes the connection on behalf of the server, an operator or a timeout, from any
	 * thread, without waiting on the client; the first outcome given then tells the connection's exit event why its handler saw the socket close.
	 * @param outcome {@link WaiterOutcome#SHUTDOWN}, {@link WaiterOutcome#CLOSED} or
	 * {@link WaiterOutcome#TIMEOUT}
	 */
	void closeBy(WaiterOutcome outcome) {
		if (this.closedBy == null) {
			this.closedBy = outcome;
		}
		abort();
	}

	@Nullable WaiterOutcome closedBy() {
		return this.closedBy;
	}

	/**
	 * Flushes what the handler left in the writer. Called on the connection's thread
	 * before the socket closes; a client that went away is not an error here.
	 */
	void flushQuietly() {
		PrintWriter out = this.writer;
		if (out != null && isOpen()) {
			out.flush();
		}
	}

	@Override
	public Socket socket() {
		return this.socket;
	}

	@Override
	public String toString() {
		return "WaiterConnection#" + this.id + "[" + this.socket.getRemoteSocketAddress() + "]";
	}

	private static <T> T open(IoSupplier<T> stream) {
		try {
			return stream.get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface IoSupplier<T> {

		T get() throws IOException;

	}

}
