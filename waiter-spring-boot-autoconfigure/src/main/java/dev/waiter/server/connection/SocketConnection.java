package dev.waiter.server.connection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSession;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.PeerCredentials;
import dev.waiter.ProxyHeader;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.frame.Framing;
import org.jspecify.annotations.Nullable;

/**
 * The socket-backed {@link WaiterConnection}: the API facade over the parts of one
 * connection, each with its own class. Created by the accepting thread; its sockets and
 * their close ({@link ConnectionSockets}), its client ({@link ConnectionPeer}), its streams
 * ({@link ConnectionStreams}, created on first use on the connection's thread) and its read
 * state ({@link ConnectionReadState}), which knows whether its handler is idle, blocked
 * waiting for the next request after answering everything it read: a graceful stop closes
 * such a connection at once.
 */
public final class SocketConnection implements WaiterConnection {

	private static final long CLOCK_NANOS = System.nanoTime();

	private static final Instant CLOCK_INSTANT = Instant.now();

	private final long id;

	private final ConnectionSockets sockets;

	private final Charset charset;

	private final Framing framing;

	/** Whether the run's stop has begun: its registry's admission is closed. */
	private final BooleanSupplier stopping;

	private final IoClock writes = new IoClock();

	private final long acceptedNanos = System.nanoTime();

	private volatile @Nullable Thread owner;

	private volatile @Nullable Map<String, Object> attributes;

	private volatile @Nullable ConnectionStreams streams;

	private final ConnectionPeer peer;

	private final ConnectionReadState readState;

	public SocketConnection(long id, Socket socket, Charset charset, Framing framing, BooleanSupplier stopping,
			boolean readTimed) {
		this.id = id;
		this.sockets = new ConnectionSockets(socket);
		this.peer = new ConnectionPeer(socket);
		this.readState = new ConnectionReadState(this, readTimed);
		this.charset = charset;
		this.framing = framing;
		this.stopping = stopping;
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

	@Override
	public @Nullable PeerCredentials peerCredentials() {
		return this.peer.credentials();
	}

	/** The client's address, the one allow/deny and the per-peer cap judge. */
	public InetAddress peerInetAddress() {
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
	public void proxied(ProxyHeader header, byte[] consumed) {
		this.peer.proxied(header, consumed);
	}

	/** The client's bytes read with the PROXY header, once: for the TLS layer. */
	public byte[] takeConsumed() {
		return this.peer.takeConsumed();
	}

	/** Who is at the other end, and the address it is counted under for the per-peer cap. */
	public ConnectionPeer peer() {
		return this.peer;
	}

	@Override
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.sockets.current().getLocalSocketAddress();
	}

	@Override
	public int localPort() {
		return this.sockets.current().getLocalPort();
	}

	ConnectionStreams streams() {
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
		return this.sockets.current() instanceof SSLSocket;
	}

	@Override
	public @Nullable SSLSession sslSession() {
		return (this.sockets.current() instanceof SSLSocket ssl) ? ssl.getSession() : null;
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

	public long acceptedNanos() {
		return this.acceptedNanos;
	}

	@Override
	public boolean isOpen() {
		return this.sockets.isOpen();
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

	/** Closes the plain socket under any TLS layer, and wakes the connection if it is parked: immediate, any thread. */
	public void abort() {
		this.sockets.abort();
		this.readState.wakeIfParked();
	}

	/**
	 * Marks the calling thread as the one serving this connection: its {@link #close()}
	 * is then orderly. Called by the runner before any event of the connection.
	 */
	public void ownedBy(@Nullable Thread thread) {
		this.owner = thread;
	}

	/** The thread serving this connection, if any. */
	public @Nullable Thread owner() {
		return this.owner;
	}

	public Socket plainSocket() {
		return this.sockets.plain();
	}

	public IoClock writes() {
		return this.writes;
	}

	/** Blocks until the client sends, closes or fails ({@link SocketInput#awaitInput()}); connection's thread. */
	public void awaitInput() {
		streams().in.awaitInput();
	}

	/** What the connection's input reports to, and how it opens the socket. */
	public ConnectionReadState readState() {
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
		return this.stopping.getAsBoolean();
	}

	/** The plain and TLS sockets, their close and the probes a graceful stop reads. */
	ConnectionSockets sockets() {
		return this.sockets;
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
	public @Nullable IOException outputFailure() {
		ConnectionStreams created = this.streams;
		return (created != null) ? created.failure() : null;
	}

	/** Layers the TLS socket over the plain one ({@link ConnectionSockets#upgrade}). */
	public void upgrade(SSLSocket tlsSocket) {
		this.sockets.upgrade(tlsSocket);
	}

	/**
	 * Closes the connection on behalf of the server, an operator or a timeout, from any
	 * thread, without waiting on the client; the first outcome given is the one its exit
	 * event tells ({@link ConnectionSockets#closeBy}).
	 * @param outcome {@link WaiterOutcome#SHUTDOWN}, {@link WaiterOutcome#CLOSED} or
	 * {@link WaiterOutcome#TIMEOUT}
	 */
	public void closeBy(WaiterOutcome outcome) {
		this.sockets.closeBy(outcome);
		this.readState.wakeIfParked();
	}

	/** Why the server closed the connection, if it did. */
	public @Nullable WaiterOutcome closedBy() {
		return this.sockets.closedBy();
	}

	/**
	 * Sends what the handler left in the writer and the output. Called on the connection's
	 * thread before the socket closes; a failure is kept, not thrown.
	 */
	public void flushQuietly() {
		ConnectionStreams created = this.streams;
		if (created != null && isOpen()) {
			created.flushQuietly();
		}
	}

	@Override
	public Socket socket() {
		return this.sockets.current();
	}

	@Override
	public String toString() {
		return "WaiterConnection#" + this.id + "[" + this.peer.shown() + "]";
	}

}
