package dev.waiter.server.connection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The connection as its input sees it ({@link InputSource}): where the bytes come
 * from, the read clocks of the read and PROXY header timeouts, and the one state machine
 * through which a graceful stop and the connection's own read decide whether it is idle.
 * <p>
 * A connection is idle, {@link #WAITING}, only while its handler is in a socket read that
 * may block, having consumed nothing since its last reply was written into {@code out()},
 * with nothing of the client's buffered on this side of the kernel (the input, the reader,
 * the TLS layer, the bytes that came with a PROXY header). The connection's thread enters that state; it leaves it when its read
 * returns ({@code WAITING -> BUSY}), unless a stop claimed it first
 * ({@code WAITING -> DRAINED}): one compare-and-set decides. If the read wins, the handler
 * gets its bytes and the connection is busy; if the stop wins, the read reports a clean end
 * of stream having handed nothing to the handler, whatever the socket returned. The
 * callbacks run on the connection's thread; {@link #tryDrain} on the stopping thread.
 */
public final class ConnectionReadState implements InputSource {

	/**
	 * How long a graceful stop lets a connection that has received nothing yet send its
	 * first request before it counts as idle: its client has just connected, and its
	 * request may be on the wire.
	 */
	static final long FIRST_REQUEST_GRACE_NANOS = Duration.ofSeconds(1).toNanos();

	/** Handling input, or about to: never closed as idle. */
	private static final int BUSY = 0;

	/** Blocked, or about to block, waiting for a new request with nothing consumed or buffered. */
	private static final int WAITING = 1;

	/** Claimed by a stop while waiting: every later read reports the end of the stream. */
	private static final int DRAINED = 2;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(ConnectionReadState.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final SocketConnection connection;

	/** When the data read in progress began, for the read timeout. */
	private final IoClock clock = new IoClock();

	/** When the PROXY header read began, for its own timeout. */
	private final IoClock headerClock = new IoClock();

	/**
	 * When the request in progress began to arrive (its first byte read, or the first read
	 * after part of it was consumed), until it was answered or decoded whole: for
	 * {@code waiter.request-timeout}.
	 */
	private final IoClock requestClock = new IoClock();

	/**
	 * What wakes the connection while it is parked without a thread (the request model's
	 * idle selector), so that a close made while it waits is seen; {@code null} otherwise.
	 */
	private volatile @Nullable Runnable waker;

	private final boolean readTimed;

	/**
	 * Requests decoded so far (request model): written by the connection's current thread,
	 * read by the {@code waiter} endpoint's.
	 */
	private volatile long requests;

	/** The client's bytes that came with a PROXY header, until the input has read them all. */
	private @Nullable ByteArrayInputStream early;

	@SuppressWarnings("unused")
	private volatile int state = BUSY;

	ConnectionReadState(SocketConnection connection, boolean readTimed) {
		this.connection = connection;
		this.readTimed = readTimed;
	}

	/**
	 * The socket's stream, after the client's bytes that came with a PROXY header, which
	 * are kept here until read: while any is left, a read would not block, and the
	 * connection is not idle.
	 */
	@Override
	public InputStream openInput() throws IOException {
		byte[] consumed = this.connection.takeConsumed();
		InputStream in = this.connection.socket().getInputStream();
		if (consumed.length == 0) {
			return in;
		}
		ByteArrayInputStream early = new ByteArrayInputStream(consumed);
		this.early = early;
		return new SequenceInputStream(early, in);
	}

	/**
	 * Called before a socket read while the input holds nothing: sends the pending output,
	 * so pipelined replies go out when the batch is done, and enters {@link #WAITING} if
	 * the handler has consumed nothing since its last reply and the TLS layer holds nothing
	 * decrypted. The state is set before the stop flag is read, and a stop sets its flag
	 * before it looks for waiting connections, so one of the two always sees the other: a
	 * connection that starts to wait after the stop began drains itself here.
	 * @param answered whether nothing has been consumed since the last reply was written
	 */
	@Override
	public void beforeBlockingRead(boolean answered) throws IOException {
		this.connection.flushPending();
		// only this thread leaves DRAINED's predecessor; once drained, it stays drained
		if (answered && this.state != DRAINED && !hasEarlyInput() && !this.connection.sockets().hasDecryptedInput()) {
			this.state = WAITING;
			if (this.connection.stopping()) {
				tryDrain(System.nanoTime());
			}
		}
	}

	boolean hasEarlyInput() {
		ByteArrayInputStream bytes = this.early;
		if (bytes != null && bytes.available() == 0) {
			this.early = null;
			return false;
		}
		return bytes != null;
	}

	/**
	 * The request model's loop found nothing buffered at a request boundary and gives up its
	 * thread: the connection waits idle, as a blocking read at a boundary would, and
	 * {@code waker} is run when a stop or a timeout closes it meanwhile. The state is set
	 * before the stop flag is read, as in {@link #beforeBlockingRead}.
	 * @param parkedWaker what resumes the connection
	 * @param idleSinceNanos when it began to wait idle (before a wait on its thread, if any),
	 * which the idle and read timeouts count from
	 * @return false when a stop claimed the connection at once: it is not parked, and its
	 * next read reports the end of the stream
	 */
	public boolean park(Runnable parkedWaker, long idleSinceNanos) {
		if (this.state == DRAINED) {
			return false;
		}
		this.waker = parkedWaker;
		if (this.readTimed) {
			this.clock.beginAt(idleSinceNanos);
		}
		this.state = WAITING;
		if (this.connection.stopping() && tryDrain(System.nanoTime())) {
			this.waker = null;
			return false;
		}
		return true;
	}

	/**
	 * The parked connection has a thread again (input arrived, or it was woken): busy,
	 * unless a stop claimed it first, when its next read reports the end of the stream.
	 */
	public void resumed() {
		this.waker = null;
		readEnded();
	}

	/** Runs the waker of a parked connection that a stop or a timeout closed; any thread. */
	void wakeIfParked() {
		Runnable parked = this.waker;
		if (parked != null) {
			parked.run();
		}
	}

	@Override
	public void requestBegun() {
		if (!this.requestClock.isRunning()) {
			this.requestClock.begin();
		}
	}

	@Override
	public void requestAnswered() {
		if (this.requestClock.isRunning()) {
			this.requestClock.end();
		}
	}

	/**
	 * A request was decoded whole (request model); on the connection's thread.
	 * @return its number on the connection, from 1
	 */
	public long requestDecoded() {
		long next = this.requests + 1;
		this.requests = next;
		return next;
	}

	/** How many requests were decoded so far: 0 in the connection model. */
	public long requests() {
		return this.requests;
	}

	/** The request clock, held by the sweeper to {@code waiter.request-timeout}. */
	public IoClock requestClock() {
		return this.requestClock;
	}

	@Override
	public boolean drained() {
		return this.state == DRAINED;
	}

	@Override
	public void readStarting() {
		if (this.readTimed) {
			this.clock.begin();
		}
	}

	/**
	 * Called once a socket read returned or failed: leaves {@link #WAITING} for busy.
	 * @return false when a stop claimed the connection while it waited, so that what the
	 * read returned is not handed to the handler
	 */
	@Override
	public boolean readEnded() {
		if (this.readTimed) {
			this.clock.end();
		}
		int current = this.state;
		if (current == WAITING) {
			return STATE.compareAndSet(this, WAITING, BUSY);
		}
		return current != DRAINED;
	}

	@Override
	public boolean readTimedOut() {
		return this.connection.closedBy() == WaiterOutcome.TIMEOUT;
	}

	@Override
	public @Nullable WaiterOutcome closedByServer() {
		return this.connection.closedBy();
	}

	@Override
	public @Nullable IOException writeFailure() {
		return this.connection.outputFailure();
	}

	/**
	 * Closes the connection as idle, outcome {@link WaiterOutcome#SHUTDOWN}, if it is
	 * {@link #WAITING}, it has had its first request (or {@link #FIRST_REQUEST_GRACE_NANOS}
	 * to send it) and no byte of the client's waits in the kernel. Safe from any thread.
	 * @param now the caller's {@link System#nanoTime()}
	 * @return whether this call closed it
	 */
	public boolean tryDrain(long now) {
		return tryCloseIdle(now, WaiterOutcome.SHUTDOWN);
	}

	/**
	 * Closes the connection as idle, as {@link #tryDrain} does, with the given outcome:
	 * {@link WaiterOutcome#IDLE} for the idle timeout. Safe from any thread.
	 * @param now the caller's {@link System#nanoTime()}
	 * @param outcome the outcome its exit event tells
	 * @return whether this call closed it
	 */
	public boolean tryCloseIdle(long now, WaiterOutcome outcome) {
		if (this.state != WAITING || awaitsFirstRequest(now) || this.connection.sockets().hasKernelInput()) {
			return false;
		}
		if (!STATE.compareAndSet(this, WAITING, DRAINED)) {
			return false;
		}
		this.connection.sockets().closeAsIdle(outcome);
		wakeIfParked();
		return true;
	}

	/**
	 * Closes the connection whatever it is doing; if it waits idle, it is claimed as
	 * drained first, so that its handler sees a clean end of stream. Safe from any thread.
	 */
	public void forceDrain(WaiterOutcome outcome) {
		STATE.compareAndSet(this, WAITING, DRAINED);
		this.connection.closeBy(outcome);
	}

	/**
	 * Closes a connection closed as idle once nothing is left for the kernel to deliver
	 * ({@link ConnectionSockets#releaseIfDelivered}). Stopping thread, or the sweeper's.
	 * @param queues the kernel's send queues, or {@code null} where they cannot be read
	 * @param now the caller's {@link System#nanoTime()}
	 */
	public void releaseIfDelivered(@Nullable TcpSendQueues queues, long now) {
		if (drained()) {
			this.connection.sockets().releaseIfDelivered(queues, now);
		}
	}

	/** The read clock, which the timeout sweeper ({@link dev.waiter.server.timeout.IoTimeouts}) reads. */
	public IoClock clock() {
		return this.clock;
	}

	/** The PROXY header's clock, held by the sweeper to the header timeout. */
	public IoClock headerClock() {
		return this.headerClock;
	}

	/** Starts or stops timing the PROXY header read. Connection's thread. */
	public void readingProxyHeader(boolean reading) {
		if (reading) {
			this.headerClock.begin();
		}
		else {
			this.headerClock.end();
		}
	}

	/**
	 * Whether nothing has arrived from the client yet and it connected less than
	 * {@link #FIRST_REQUEST_GRACE_NANOS} ago: a graceful stop does not close it as idle yet.
	 * Safe from any thread.
	 * @param now the caller's {@link System#nanoTime()}
	 */
	boolean awaitsFirstRequest(long now) {
		return this.connection.bytesReceived() == 0 && !this.connection.hasConsumed()
				&& now - this.connection.acceptedNanos() < FIRST_REQUEST_GRACE_NANOS;
	}

	/** Whether the handler waits for a new request with nothing consumed or buffered; any thread. */
	public boolean isIdle() {
		return this.state == WAITING;
	}

}
