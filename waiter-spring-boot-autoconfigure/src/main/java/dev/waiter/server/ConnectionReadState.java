package dev.waiter.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;

import dev.waiter.WaiterOutcome;

/**
 * The connection as its input sees it ({@link SocketInput.Source}): where the bytes come
 * from, the read clock of the read timeout, and whether the handler is idle, blocked
 * waiting for a new request after answering everything it read, which a graceful stop
 * closes at once. The callbacks run on the connection's thread; {@link #isIdle()} is read
 * by the stopping thread.
 */
final class ConnectionReadState implements SocketInput.Source {

	/**
	 * How long a graceful stop lets a connection that has received nothing yet send its
	 * first request before it counts as idle: its client has just connected, and its
	 * request may be on the wire.
	 */
	static final long FIRST_REQUEST_GRACE_NANOS = Duration.ofSeconds(1).toNanos();

	private final SocketConnection connection;

	/** When the read in progress began, for the read and PROXY header timeouts. */
	private final IoClock clock = new IoClock();

	/** Whether the clock times the PROXY header, with its own timeout. */
	private volatile boolean readingProxyHeader;

	private final boolean readTimed;

	/** Whether everything read so far has been answered; on the connection's thread only. */
	private boolean answered = true;

	private volatile boolean idle;

	ConnectionReadState(SocketConnection connection, boolean readTimed) {
		this.connection = connection;
		this.readTimed = readTimed;
	}

	/** The socket's stream, after the client's bytes that came with a PROXY header. */
	@Override
	public InputStream openInput() throws IOException {
		byte[] early = this.connection.takeConsumed();
		InputStream in = this.connection.socket().getInputStream();
		return (early.length == 0) ? in : new SequenceInputStream(new ByteArrayInputStream(early), in);
	}

	/**
	 * Called before a read that may block (nothing buffered): sends the pending output, so
	 * pipelined replies go out when the batch is done, and marks the connection idle if it
	 * has answered everything it read. The idle flag is set before the stop flag is read,
	 * and a stop sets its flag before it looks for idle connections, so one of the two
	 * always sees the other.
	 */
	@Override
	public void beforeBlockingRead() throws IOException {
		this.connection.flushPending();
		if (this.answered) {
			this.idle = true;
			if (this.connection.stopping() && !this.connection.hasUnreadInput() && !awaitsFirstRequest(System.nanoTime())) {
				this.connection.closeBy(WaiterOutcome.SHUTDOWN);
			}
		}
	}

	@Override
	public boolean closedWhileIdle() {
		return this.idle && this.connection.closedBy() == WaiterOutcome.SHUTDOWN;
	}

	@Override
	public void readStarting() {
		if (this.readTimed) {
			this.clock.begin();
		}
	}

	@Override
	public boolean readTimedOut() {
		return this.connection.closedBy() == WaiterOutcome.TIMEOUT;
	}

	/** Called once a read returned. */
	@Override
	public void afterRead() {
		this.idle = false;
		if (this.readTimed) {
			this.clock.end();
		}
	}

	/** Called when bytes arrived: they are not answered yet. */
	@Override
	public void received() {
		this.answered = false;
	}

	/** Called by the output when bytes went to the socket: a reply. */
	void replied() {
		this.answered = true;
	}

	/** The read clock, which the timeout sweeper ({@link IoTimeouts}) reads. */
	IoClock clock() {
		return this.clock;
	}

	/**
	 * Starts or stops timing the PROXY header read, which the sweeper holds to the header
	 * timeout meanwhile. Connection's thread.
	 */
	void readingProxyHeader(boolean reading) {
		this.readingProxyHeader = reading;
		if (reading) {
			this.clock.begin();
		}
		else {
			this.clock.end();
		}
	}

	boolean isReadingProxyHeader() {
		return this.readingProxyHeader;
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

	/** Whether the handler is blocked waiting for a new request, having answered everything it read. */
	boolean isIdle() {
		return this.idle;
	}

}
