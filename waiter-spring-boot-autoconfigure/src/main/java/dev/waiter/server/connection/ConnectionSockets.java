package dev.waiter.server.connection;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The sockets of one connection and who closed them: the plain socket it was accepted on,
 * the TLS socket layered over it after the handshake, and the outcome of the first close
 * made on the server's behalf. Every close here closes or shuts down the plain socket,
 * which never waits on the client (a TLS close would wait for the record lock that a
 * handler blocked in a write holds), so it is safe from any thread; so are the probes for
 * client bytes that a graceful stop reads. Kept apart from {@link SocketConnection}, the
 * API facade, so that the close policy reads in one place.
 */
final class ConnectionSockets {

	private static final VarHandle CLOSED_BY;

	static {
		try {
			CLOSED_BY = MethodHandles.lookup().findVarHandle(ConnectionSockets.class, "closedBy", WaiterOutcome.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Socket plain;

	private volatile Socket socket;

	private volatile @Nullable WaiterOutcome closedBy;

	/** When a stop closed the connection as idle ({@link #closeAsIdle}). */
	private volatile long idleClosedNanos;

	ConnectionSockets(Socket plain) {
		this.plain = plain;
		this.socket = plain;
	}

	Socket plain() {
		return this.plain;
	}

	/** The socket the streams use: the TLS one after the handshake, else the plain one. */
	Socket current() {
		return this.socket;
	}

	/**
	 * Replaces the plain socket by the TLS socket layered over it, on the connection's
	 * thread before any stream is opened.
	 */
	void upgrade(SSLSocket tlsSocket) {
		this.socket = tlsSocket;
	}

	boolean isOpen() {
		return !this.plain.isClosed() && !this.socket.isClosed();
	}

	/** Closes the plain socket under any TLS layer: immediate, from any thread. */
	void abort() {
		OrderlyClose.closeQuietly(this.plain);
	}

	/**
	 * Closes on behalf of the server, an operator or a timeout, from any thread, without
	 * waiting on the client; the first outcome given (one compare-and-set decides between
	 * racing closers) then tells the connection's exit event why its handler saw the socket
	 * close.
	 * @param outcome {@link WaiterOutcome#SHUTDOWN}, {@link WaiterOutcome#CLOSED} or
	 * {@link WaiterOutcome#TIMEOUT}
	 */
	void closeBy(WaiterOutcome outcome) {
		CLOSED_BY.compareAndSet(this, null, outcome);
		abort();
	}

	/**
	 * Closes as idle for a graceful stop, from any thread, so that the replies already sent
	 * arrive whole: only the output is shut down (they are followed by a FIN), and the
	 * socket stays open, its input read and discarded by the connection's thread
	 * ({@link OrderlyClose#lingerAfterIdleClose}), until the client closes too or the stop
	 * finds that the kernel has delivered everything ({@link #releaseIfDelivered}); closing
	 * it earlier would let a byte from the client reset the connection and destroy what the
	 * kernel has not delivered yet. Outcome {@link WaiterOutcome#SHUTDOWN} unless another was
	 * given first.
	 */
	void closeAsIdle(WaiterOutcome outcome) {
		CLOSED_BY.compareAndSet(this, null, outcome);
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
		if (this.plain.isClosed()) {
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

}
