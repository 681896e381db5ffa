package dev.waiter.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSession;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.ProxyHeader;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.frame.Framing;
import org.jspecify.annotations.Nullable;

/**
 * The socket-backed {@link WaiterConnection}. Created by the accepting thread; its
 * streams ({@link ConnectionStreams}) are created on first use on the connection's thread.
 * It also knows whether its handler is idle, blocked waiting for the next request after
 * answering everything it read: a graceful stop closes such a connection at once.
 */
final class SocketConnection implements WaiterConnection {

	private static final long CLOCK_NANOS = System.nanoTime();

	private static final Instant CLOCK_INSTANT = Instant.now();

	private static final VarHandle CLOSED_BY;

	static {
		try {
			CLOSED_BY = MethodHandles.lookup().findVarHandle(SocketConnection.class, "closedBy", WaiterOutcome.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long id;

	private final Socket plain;

	private volatile Socket socket;

	private final Charset charset;

	private final Framing framing;

	private final ConnectionRegistry registry;

	private final IoClock writes = new IoClock();

	private final long acceptedNanos = System.nanoTime();

	private volatile @Nullable Thread owner;

	private volatile @Nullable Map<String, Object> attributes;

	private volatile @Nullable ConnectionStreams streams;

	private volatile @Nullable WaiterOutcome closedBy;

	/** When a stop closed the connection as idle ({@link #closeAsIdle}). */
	private volatile long idleClosedNanos;

	private final ConnectionPeer peer;

	/** The address counted against {@code waiter.max-connections-per-peer}, if any. */
	private volatile @Nullable InetAddress countedPeer;

	private final ConnectionReadState readState;

	SocketConnection(long id, Socket socket, Charset charset, Framing framing, ConnectionRegistry registry,
			boolean readTimed) {
		this.id = id;
		this.plain = socket;
		this.socket = socket;
		this.peer = new ConnectionPeer(socket);
		this.readState = new ConnectionReadState(this, readTimed);
		this.charset = charset;
		this.framing = framing;
		this.registry = registry;
	}

	@Override
	public long id() {
		return this.id;
	}

	/** The client's endpoint: from the PROXY header when it has one, else the socket's peer. */
	@Override
	public InetSocketAddress peerAddress() {
		return this.peer.address();
	}

	@Override
	public String peerHost() {
		return this.peer.inetAddress().getHostAddress();
	}

	@Override
	public int peerPort() {
		return this.peer.port();
	}

	/** The client's address, the one allow/deny and the per-peer cap judge. */
	InetAddress peerInetAddress() {
		return this.peer.inetAddress();
	}

	@Override
	public @Nullable ProxyHeader proxyHeader() {
		return this.peer.header();
	}

	@Override
	public @Nullable InetSocketAddress proxyAddress() {
		return this.peer.proxyAddress();
	}

	/** Records the PROXY header read on the connection's thread ({@link ConnectionPeer#proxied}). */
	void proxied(ProxyHeader header, byte[] consumed) {
		this.peer.proxied(header, consumed);
	}

	/** The client's bytes read with the PROXY header, once: for the TLS layer. */
	byte[] takeConsumed() {
		return this.peer.takeConsumed();
	}

	void countedPeer(@Nullable InetAddress address) {
		this.countedPeer = address;
	}

	@Nullable InetAddress countedPeer() {
		return this.countedPeer;
	}

	@Override
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.socket.getLocalSocketAddress();
	}

	@Override
	public int localPort() {
		return this.socket.getLocalPort();
	}

	private ConnectionStreams streams() {
		ConnectionStreams created = this.streams;
		if (created == null) {
			created = new ConnectionStreams(this, this.charset);
			this.streams = created;
		}
		return created;
	}

	@Override
	public ConnectionInput in() {
		return streams().in;
	}

	@Override
	public ConnectionOutput out() {
		return streams().out;
	}

	@Override
	public InputStream input() {
		return streams().in;
	}

	@Override
	public OutputStream output() {
		return streams().unbuffered();
	}

	@Override
	public BufferedReader reader() {
		return streams().reader();
	}

	@Override
	public PrintWriter writer() {
		return streams().writer();
	}

	@Override
	public @Nullable String readLine(int maxBytes) throws IOException {
		return streams().in.readLine(maxBytes);
	}

	@Override
	public byte @Nullable [] readFrame() throws IOException {
		return this.framing.read(streams().in);
	}

	@Override
	public void writeFrame(byte[] payload) throws IOException {
		this.framing.write(streams().out, payload, 0, payload.length);
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
		ConnectionStreams created = this.streams;
		return (created != null) ? created.in.count() : 0;
	}

	@Override
	public long bytesSent() {
		ConnectionStreams created = this.streams;
		return (created != null) ? created.out.count() : 0;
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

	/** The thread serving this connection, if any. */
	@Nullable Thread owner() {
		return this.owner;
	}

	Socket plainSocket() {
		return this.plain;
	}

	IoClock writes() {
		return this.writes;
	}

	/** Blocks until the client sends, closes or fails ({@link SocketInput#awaitInput()}); connection's thread. */
	void awaitInput() {
		streams().in.awaitInput();
	}

	/** What the connection's input reports to, and how it opens the socket. */
	ConnectionReadState readState() {
		return this.readState;
	}

	/** Sends what the handler's output holds; before a read that may block. */
	void flushPending() throws IOException {
		ConnectionStreams created = this.streams;
		if (created != null && created.out.pending() > 0) {
			created.out.flush();
		}
	}

	/** Whether the server's stop has begun: an idle connection then closes itself. */
	boolean stopping() {
		return this.registry.isStopping();
	}

	/**
	 * Whether bytes of the client's wait in the kernel's buffer: a request that arrived
	 * while the handler waited, which makes an idle connection busy. Safe from any thread
	 * (the plain socket's count of readable bytes; under TLS, records not yet decrypted).
	 */
	boolean hasKernelInput() {
		try {
			return this.plain.getInputStream().available() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Whether the TLS layer holds application data it has decrypted and the input has not
	 * taken yet: a read would not block. Connection's thread.
	 */
	boolean hasDecryptedInput() {
		Socket current = this.socket;
		if (current == this.plain) {
			return false;
		}
		try {
			return current.getInputStream().available() > 0;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Whether bytes the client sent with the PROXY header still wait for a stream. */
	boolean hasConsumed() {
		return this.peer.hasConsumed();
	}

	/**
	 * Whether the handler has read to the end of the client's stream, so no unread input
	 * can turn the close into a reset.
	 */
	boolean inputEnded() {
		ConnectionStreams created = this.streams;
		return created != null && created.in.isEndOfStream();
	}

	/** The first error writing to the client through any write API, which a {@code PrintWriter} would swallow. */
	@Nullable IOException outputFailure() {
		ConnectionStreams created = this.streams;
		return (created != null) ? created.failure() : null;
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
	 * thread, without waiting on the client; the first outcome given (one compare-and-set
	 * decides between racing closers) then tells the connection's exit event why its
	 * handler saw the socket close.
	 * @param outcome {@link WaiterOutcome#SHUTDOWN}, {@link WaiterOutcome#CLOSED} or
	 * {@link WaiterOutcome#TIMEOUT}
	 */
	void closeBy(WaiterOutcome outcome) {
		CLOSED_BY.compareAndSet(this, null, outcome);
		abort();
	}

	/**
	 * Closes the connection as idle for a graceful stop, from any thread, so that the
	 * replies already sent arrive whole: only the output is shut down (they are followed by
	 * a FIN), and the socket stays open, its input read and discarded by the connection's
	 * thread ({@link OrderlyClose#lingerAfterIdleClose}), until the client closes too or the
	 * stop finds that the kernel has delivered everything ({@link #releaseIfDelivered});
	 * closing it earlier would let a byte from the client reset the connection and destroy
	 * what the kernel has not delivered yet. Outcome {@link WaiterOutcome#SHUTDOWN} unless
	 * another was given first.
	 */
	void closeAsIdle() {
		CLOSED_BY.compareAndSet(this, null, WaiterOutcome.SHUTDOWN);
		this.idleClosedNanos = System.nanoTime();
		try {
			this.plain.shutdownOutput();
		}
		catch (IOException ex) {
			abort();
		}
	}

	/**
	 * Closes a connection closed as idle once nothing is left for the kernel to deliver:
	 * its client has acknowledged every byte and the FIN; where the kernel's tables cannot
	 * be read, once {@link OrderlyClose#LINGER_TIME} has passed. Stopping thread.
	 * @param queues the kernel's send queues, or {@code null} where they cannot be read
	 * @param now the caller's {@link System#nanoTime()}
	 */
	void releaseIfDelivered(@Nullable TcpSendQueues queues, long now) {
		if (!this.readState.drained() || this.plain.isClosed()) {
			return;
		}
		long unsent = (queues != null) ? queues.unsent(this.plain) : -1;
		if (unsent == 0 || (unsent < 0 && now - this.idleClosedNanos > OrderlyClose.LINGER_TIME.toNanos())) {
			abort();
		}
	}

	@Nullable WaiterOutcome closedBy() {
		return this.closedBy;
	}

	/**
	 * Sends what the handler left in the writer and the output. Called on the connection's
	 * thread before the socket closes; a failure is kept, not thrown.
	 */
	void flushQuietly() {
		ConnectionStreams created = this.streams;
		if (created != null && isOpen()) {
			created.flushQuietly();
		}
	}

	@Override
	public Socket socket() {
		return this.socket;
	}

	@Override
	public String toString() {
		return "WaiterConnection#" + this.id + "[" + peerAddress() + "]";
	}

}
