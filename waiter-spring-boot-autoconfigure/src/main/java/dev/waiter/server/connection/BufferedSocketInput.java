package dev.waiter.server.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;

import dev.waiter.ConnectionInput;
import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The buffering half of the connection's input ({@link SocketInput} adds the delimited
 * reads): one byte buffer, allocated on the first read, in front of the socket's stream,
 * that starts small and grows to the full size when reads fill it. Every read that finds
 * the buffer empty goes through {@link InputSource#beforeBlockingRead(boolean)} (the
 * connection's: flush pending output, wait as idle when the handler has answered
 * everything it consumed) before it blocks, and reports to the connection's read state
 * when it returns. Used on the connection's thread only; the volatile count may be read
 * from any thread.
 */
abstract class BufferedSocketInput extends ConnectionInput {

	private static final byte[] NONE = new byte[0];

	/**
	 * The buffer a connection starts with. It doubles, up to the full buffer size, each
	 * time one read fills it: a connection that waits for its first request (or only ever
	 * gets small ones) holds a small buffer while it waits; one that receives more grows its
	 * buffer after a few reads and keeps it.
	 */
	static final int INITIAL_BUFFER_SIZE = 256;

	private final InputSource connection;

	private final int bufferSize;

	/**
	 * The buffer; the bytes not handed out yet are {@code [position, limit)}. The delimited
	 * reads of {@link SocketInput} scan and advance them in place.
	 */
	byte[] buffer = NONE;

	int position;

	int limit;

	private boolean ended;

	private volatile long count;

	/**
	 * {@link #consumed()} when the handler last wrote into its output, or
	 * {@link #HOLDING} while a view (the reader) holds part of a request: the handler has
	 * answered everything it read when this equals {@link #consumed()}.
	 */
	private long replyMark;

	/** A {@link #replyMark} that no consumed count equals. */
	private static final long HOLDING = -1;

	private @Nullable InputStream socket;

	/** A read failure met by {@link #awaitInput()}, thrown by the next read that needs the socket. */
	private @Nullable IOException failure;

	BufferedSocketInput(InputSource connection, int bufferSize) {
		this.connection = connection;
		this.bufferSize = Math.max(bufferSize, 2);
	}

	long count() {
		return this.count;
	}

	/** How many bytes have been handed to the handler: read from the socket and no longer buffered. */
	long consumed() {
		return this.count - (this.limit - this.position);
	}

	/**
	 * Called by the output on every write into it: everything consumed so far has been
	 * answered. Connection's thread.
	 */
	void replied() {
		this.replyMark = consumed();
		this.connection.requestAnswered();
	}

	/**
	 * The request model's loop is at a request boundary: everything consumed so far belongs
	 * to requests already handed out, so a read that must wait now waits idle. Connection's thread.
	 */
	void requestBoundary() {
		this.replyMark = consumed();
	}

	/**
	 * Gives the buffer back when nothing is in it, before a wait between requests: the next
	 * read starts again from the small first buffer, which a thread waiting in a read keeps
	 * unless {@code all}. Connection's thread.
	 */
	void release(boolean all) {
		if (this.position >= this.limit && (all || this.buffer.length > INITIAL_BUFFER_SIZE)) {
			this.buffer = NONE;
			this.position = 0;
			this.limit = 0;
		}
	}

	/**
	 * Called by a view over this input (the reader) that holds bytes or characters the
	 * handler has not had whole: until the next reply, the connection is not idle.
	 */
	void holding() {
		this.replyMark = HOLDING;
	}

	/** How many bytes the buffer holds now: what an idle connection keeps. */
	int capacity() {
		return this.buffer.length;
	}

	@Override
	public int buffered() {
		return this.limit - this.position;
	}

	@Override
	public boolean isEndOfStream() {
		return this.ended && this.position >= this.limit;
	}

	@Override
	public int available() throws IOException {
		int buffered = buffered();
		if (buffered > 0 || this.ended) {
			return buffered;
		}
		return socket().available();
	}

	/**
	 * Blocks until the client's first bytes are buffered, its stream has ended or a read
	 * failed, handing nothing to anyone: for {@code waiter.process-on-input}, on the
	 * connection's thread before its process event, where the stack is shallow. A failure
	 * is kept and thrown by the next read, so the handler meets what it would have met.
	 */
	void awaitInput() {
		awaitFirstBytes(false);
	}

	/**
	 * Waits as {@link #awaitInput()} does for at most the socket's SO_TIMEOUT, which the
	 * caller has set: the request model's wait on its thread before it parks.
	 * @return false when the time passed with nothing arrived: nothing was read, the stream
	 * goes on, and the connection may park
	 */
	boolean awaitInputBriefly() {
		return awaitFirstBytes(true);
	}

	private boolean awaitFirstBytes(boolean timed) {
		if (buffered() > 0 || this.ended || this.failure != null) {
			return true;
		}
		allocateBuffer();
		this.position = 0;
		this.limit = 0;
		try {
			// the socket read straight from here: every frame under it stays on the waiting stack
			int n = readSocket(this.buffer, 0, this.buffer.length);
			this.limit = Math.max(n, 0);
		}
		catch (SocketTimeoutException ex) {
			if (timed && this.connection.closedByServer() == null) {
				return false;
			}
			this.failure = ex;
		}
		catch (IOException ex) {
			this.failure = ex;
		}
		return true;
	}

	@Override
	public int read() throws IOException {
		if (this.position >= this.limit && !fill()) {
			return -1;
		}
		return this.buffer[this.position++] & 0xff;
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		int buffered = this.limit - this.position;
		if (buffered > 0) {
			int count = Math.min(buffered, length);
			System.arraycopy(this.buffer, this.position, target, offset, count);
			this.position += count;
			return count;
		}
		if (this.ended) {
			return -1;
		}
		if (length >= this.bufferSize) {
			return readSocket(target, offset, length);
		}
		if (!fill()) {
			return -1;
		}
		return read(target, offset, length);
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = 0;
		while (skipped < n) {
			if (this.position >= this.limit && !fill()) {
				break;
			}
			int step = (int) Math.min(n - skipped, this.limit - this.position);
			this.position += step;
			skipped += step;
		}
		return skipped;
	}

	/** Moves what is left to the front, so the next read has room behind it. */
	private void compact() {
		int left = this.limit - this.position;
		System.arraycopy(this.buffer, this.position, this.buffer, 0, left);
		this.position = 0;
		this.limit = left;
	}

	/**
	 * Reads more into the buffer, behind what is left of it.
	 * @return false at the end of the stream
	 */
	final boolean fill() throws IOException {
		if (this.ended) {
			return false;
		}
		allocateBuffer();
		if (this.position >= this.limit) {
			this.position = 0;
			this.limit = 0;
		}
		else if (this.limit == this.buffer.length) {
			compact();
		}
		return readBehind();
	}

	/** Allocates the small first buffer on the first read. */
	private void allocateBuffer() {
		if (this.buffer.length == 0) {
			this.buffer = new byte[Math.min(INITIAL_BUFFER_SIZE, this.bufferSize)];
		}
	}

	/** Reads more behind what is buffered, which is kept. */
	final boolean fillMore() throws IOException {
		compact();
		return readBehind();
	}

	/** One socket read into the free end of the buffer; false at the end of the stream. */
	private boolean readBehind() throws IOException {
		int n = readSocket(this.buffer, this.limit, this.buffer.length - this.limit);
		if (n < 0) {
			return false;
		}
		this.limit += n;
		if (this.limit == this.buffer.length && this.buffer.length < this.bufferSize) {
			this.buffer = Arrays.copyOf(this.buffer, Math.min(this.buffer.length * 2, this.bufferSize));
		}
		return true;
	}

	private int readSocket(byte[] target, int offset, int length) throws IOException {
		if (this.failure != null) {
			throw this.failure;
		}
		InputStream in = socket();
		boolean answered = this.replyMark == consumed();
		if (this.limit - this.position == 0) {
			this.connection.beforeBlockingRead(answered);
		}
		if (!answered) {
			this.connection.requestBegun();
		}
		int n;
		IOException error = null;
		this.connection.readStarting();
		try {
			n = this.connection.drained() ? -1 : in.read(target, offset, length);
		}
		catch (IOException ex) {
			n = -1;
			error = ex;
		}
		if (!this.connection.readEnded()) {
			// closed as idle while this read waited: what it may have returned is dropped
			this.ended = true;
			return -1;
		}
		if (error != null) {
			throw this.connection.readTimedOut() ? timedOut(error) : error;
		}
		if (n < 0) {
			WaiterOutcome closedBy = this.connection.closedByServer();
			if (closedBy != null) {
				throw new SocketException("Connection closed by the server (" + closedBy + ")");
			}
			IOException writeFailure = this.connection.writeFailure();
			if (writeFailure != null) {
				SocketException failed = new SocketException("Connection failed: " + writeFailure.getMessage());
				failed.initCause(writeFailure);
				throw failed;
			}
			this.ended = true;
		}
		else {
			this.count += n;
			if (n > 0) {
				this.connection.requestBegun();
			}
		}
		return n;
	}

	private static SocketTimeoutException timedOut(IOException cause) {
		SocketTimeoutException timeout = new SocketTimeoutException("No data within the read timeout");
		timeout.initCause(cause);
		return timeout;
	}

	private InputStream socket() throws IOException {
		InputStream in = this.socket;
		if (in == null) {
			in = this.connection.openInput();
			this.socket = in;
		}
		return in;
	}

}
