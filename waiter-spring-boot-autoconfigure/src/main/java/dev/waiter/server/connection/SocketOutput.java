package dev.waiter.server.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

import dev.waiter.ConnectionOutput;
import org.jspecify.annotations.Nullable;

/**
 * The connection's {@link ConnectionOutput}: one byte buffer, allocated on the first
 * write, in front of the socket's stream. The buffer starts at
 * {@link SocketInput#INITIAL_BUFFER_SIZE} and doubles, up to the full size, only when a
 * write does not fit: a protocol of small replies keeps a small buffer on every idle
 * connection. A write larger than the buffer goes to the
 * socket directly after what is buffered. Every socket write runs under the connection's
 * {@link IoClock}, started again for each chunk of at most {@link #WRITE_CHUNK} bytes: the
 * write timeout is the longest wait for the kernel to accept one chunk (no progress), not
 * for a whole reply. The first failure is kept, so a reply lost through a
 * {@code PrintWriter} that swallows errors still sets the outcome. Used on the
 * connection's thread only; the volatile count may be read from any thread, and counts
 * each chunk as the kernel accepts it.
 */
final class SocketOutput extends ConnectionOutput {

	private static final byte[] NONE = new byte[0];

	/**
	 * The most bytes one socket write is given under one start of the write clock: a TLS
	 * record's plaintext, so a TLS socket writes one record per chunk; a plain socket
	 * (which the JDK writes in 128 KiB steps anyway) makes a few more system calls for a
	 * large reply, a cost far below copying it. The chunk is also the write timeout's unit
	 * of progress.
	 */
	static final int WRITE_CHUNK = 16 * 1024;

	private final SocketConnection connection;

	/** Told of every write: a handler that writes has answered what it consumed. */
	private final SocketInput input;

	private final Charset charset;

	private final int bufferSize;

	private byte[] buffer = NONE;

	private int position;

	private volatile long count;

	private @Nullable IOException failure;

	private @Nullable OutputStream socket;

	SocketOutput(SocketConnection connection, SocketInput input, Charset charset, int bufferSize) {
		this.connection = connection;
		this.input = input;
		this.charset = charset;
		this.bufferSize = bufferSize;
	}

	long count() {
		return this.count;
	}

	/** How many bytes the buffer holds now: what an idle connection keeps. */
	int capacity() {
		return this.buffer.length;
	}

	@Nullable IOException failure() {
		return this.failure;
	}

	@Override
	public int pending() {
		return this.position;
	}

	@Override
	public void write(int b) throws IOException {
		this.input.replied();
		if (this.position >= this.buffer.length) {
			room(1);
		}
		this.buffer[this.position++] = (byte) b;
	}

	@Override
	public void write(byte[] source, int offset, int length) throws IOException {
		this.input.replied();
		if (length >= this.bufferSize) {
			sendBuffer();
			send(source, offset, length);
			return;
		}
		if (this.buffer.length - this.position < length) {
			room(length);
		}
		System.arraycopy(source, offset, this.buffer, this.position, length);
		this.position += length;
	}

	@Override
	public void writeAscii(CharSequence text) throws IOException {
		this.input.replied();
		int length = text.length();
		for (int i = 0; i < length; i++) {
			if (this.position >= this.buffer.length) {
				room(1);
			}
			char c = text.charAt(i);
			this.buffer[this.position++] = (byte) ((c < 0x80) ? c : '?');
		}
	}

	/** Writes the digits straight into the buffer, without a String in between. */
	@Override
	public void writeDecimal(long value) throws IOException {
		this.input.replied();
		if (value == Long.MIN_VALUE) {
			writeAscii(Long.toString(value));
			return;
		}
		if (this.buffer.length - this.position < 20) {
			room(20);
		}
		long rest = value;
		if (rest < 0) {
			this.buffer[this.position++] = '-';
			rest = -rest;
		}
		int digits = 1;
		for (long scale = 10; digits < 19 && rest >= scale; scale *= 10) {
			digits++;
		}
		int end = this.position + digits;
		for (int i = end - 1; i >= this.position; i--) {
			this.buffer[i] = (byte) ('0' + (rest % 10));
			rest /= 10;
		}
		this.position = end;
	}

	@Override
	public void writeText(String text) throws IOException {
		byte[] bytes = text.getBytes(this.charset);
		write(bytes, 0, bytes.length);
	}

	@Override
	public void flush() throws IOException {
		sendBuffer();
	}

	/** Gives the buffer back once it is empty, before a wait between requests. Connection's thread. */
	void release() {
		if (this.position == 0) {
			this.buffer = NONE;
		}
	}

	/**
	 * Makes room for {@code needed} more bytes: sends what the buffer holds when they would
	 * take it past its full size, and grows it (allocates it, the first time) when they do
	 * not fit what it has grown to.
	 */
	private void room(int needed) throws IOException {
		int wanted = this.position + needed;
		if (wanted > this.bufferSize) {
			sendBuffer();
			wanted = needed;
		}
		if (wanted > this.buffer.length) {
			int size = Math.max(this.buffer.length, SocketInput.INITIAL_BUFFER_SIZE);
			while (size < wanted) {
				size *= 2;
			}
			this.buffer = Arrays.copyOf(this.buffer, Math.min(size, Math.max(this.bufferSize, wanted)));
		}
	}

	private void sendBuffer() throws IOException {
		if (this.position > 0) {
			int length = this.position;
			this.position = 0;
			send(this.buffer, 0, length);
		}
	}

	/**
	 * Writes to the socket in chunks of at most {@link #WRITE_CHUNK} bytes, starting the
	 * write clock afresh for each: {@code waiter.write-timeout} then bounds the wait for one
	 * chunk, so a large reply to a client that reads slowly but steadily goes through, and
	 * a client that stops reading is still cut off within the timeout of its last chunk.
	 */
	private void send(byte[] source, int offset, int length) throws IOException {
		IoClock clock = this.connection.writes();
		int end = offset + length;
		try {
			OutputStream out = socket();
			for (int from = offset; from < end;) {
				int chunk = Math.min(end - from, WRITE_CHUNK);
				clock.begin();
				out.write(source, from, chunk);
				from += chunk;
				this.count += chunk;
			}
		}
		catch (IOException ex) {
			if (this.failure == null) {
				this.failure = ex;
			}
			throw ex;
		}
		finally {
			clock.end();
		}
	}

	private OutputStream socket() throws IOException {
		OutputStream out = this.socket;
		if (out == null) {
			out = this.connection.socket().getOutputStream();
			this.socket = out;
		}
		return out;
	}

}
