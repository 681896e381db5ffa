package dev.waiter.server.connection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

import org.jspecify.annotations.Nullable;

/**
 * The connection's {@link BufferedReader}: it decodes the socket's bytes itself into one
 * small character buffer, and its {@link #readLine()} scans that buffer directly (no
 * lock, no call per character). Every read method of {@code BufferedReader} is overridden to use this
 * buffer; the superclass's is a single unused character. Malformed input is replaced, as
 * {@code InputStreamReader} does. Used on the connection's thread only; mark is not
 * supported.
 */
final class ConnectionReader extends BufferedReader {

	private static final Reader UNUSED = Reader.nullReader();

	/** Room for any character's bytes (four in UTF-8) and its two chars. */
	private static final int MIN_BUFFER_SIZE = 16;

	private final InputStream in;

	/** The connection's input, told when this reader hands out what it read ahead. */
	private final @Nullable SocketInput connectionInput;

	private final CharsetDecoder decoder;

	private final ByteBuffer bytes;

	private final char[] buffer;

	private final CharBuffer chars;

	private int position;

	private int limit;

	private boolean endOfInput;

	private boolean finished;

	private boolean skipLineFeed;

	ConnectionReader(InputStream in, Charset charset, int bufferSize) {
		super(UNUSED, 1);
		this.in = in;
		this.connectionInput = (in instanceof SocketInput input) ? input : null;
		this.decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		this.bytes = ByteBuffer.allocate(Math.max(bufferSize, MIN_BUFFER_SIZE));
		this.bytes.flip();
		this.buffer = new char[Math.max(bufferSize, MIN_BUFFER_SIZE)];
		this.chars = CharBuffer.wrap(this.buffer);
	}

	/**
	 * Makes at least one character available, which the caller takes: the connection then
	 * counts as busy until its next reply, so that characters or a partial line held here
	 * are never mistaken for an idle connection by a stop.
	 * @return false at the end of the stream
	 */
	private boolean fill() throws IOException {
		while (this.position >= this.limit) {
			if (!decode()) {
				return false;
			}
		}
		if (this.skipLineFeed) {
			this.skipLineFeed = false;
			if (this.buffer[this.position] == '\n') {
				this.position++;
				return fill();
			}
		}
		if (this.connectionInput != null) {
			this.connectionInput.holding();
		}
		return true;
	}

	/**
	 * Decodes what is buffered into characters, reading more bytes when none can be
	 * decoded; blocks like a socket read. The byte and character buffers are the same size,
	 * so the last decode at the end of the stream always has room.
	 * @return false at the end of the stream, once every byte is decoded
	 */
	private boolean decode() throws IOException {
		if (this.finished) {
			return false;
		}
		this.chars.clear();
		while (true) {
			if (this.endOfInput) {
				this.decoder.decode(this.bytes, this.chars, true);
				this.decoder.flush(this.chars);
				this.finished = true;
				return decoded();
			}
			this.decoder.decode(this.bytes, this.chars, false);
			if (this.chars.position() > 0) {
				return decoded();
			}
			holdPartialCharacter();
			this.bytes.compact();
			int read = this.in.read(this.bytes.array(), this.bytes.position(), this.bytes.remaining());
			if (read < 0) {
				this.endOfInput = true;
			}
			else {
				this.bytes.position(this.bytes.position() + read);
			}
			this.bytes.flip();
		}
	}

	private boolean decoded() {
		this.position = 0;
		this.limit = this.chars.position();
		return this.limit > 0;
	}

	/**
	 * Called before reading more bytes: the start of a character held here means the
	 * connection is in the middle of a request, not idle.
	 */
	private void holdPartialCharacter() {
		if (this.bytes.hasRemaining() && this.connectionInput != null) {
			this.connectionInput.holding();
		}
	}

	@Override
	public int read() throws IOException {
		return fill() ? this.buffer[this.position++] : -1;
	}

	@Override
	public int read(char[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (!fill()) {
			return -1;
		}
		int count = Math.min(length, this.limit - this.position);
		System.arraycopy(this.buffer, this.position, target, offset, count);
		this.position += count;
		return count;
	}

	/**
	 * Reads a line ended by {@code \n}, {@code \r} or {@code \r\n}, as
	 * {@link BufferedReader#readLine()} does, without a length limit: prefer
	 * {@code WaiterConnection.readLine(int)} for anything a client sends.
	 */
	@Override
	public @Nullable String readLine() throws IOException {
		StringBuilder line = null;
		while (fill()) {
			int start = this.position;
			for (int i = start; i < this.limit; i++) {
				char c = this.buffer[i];
				if (c == '\n' || c == '\r') {
					this.position = i + 1;
					this.skipLineFeed = (c == '\r');
					return (line != null) ? line.append(this.buffer, start, i - start).toString()
							: new String(this.buffer, start, i - start);
				}
			}
			line = (line != null) ? line : new StringBuilder();
			line.append(this.buffer, start, this.limit - start);
			this.position = this.limit;
		}
		return (line != null) ? line.toString() : null;
	}


	@Override
	public long skip(long n) throws IOException {
		long skipped = 0;
		while (skipped < n && fill()) {
			int step = (int) Math.min(n - skipped, this.limit - this.position);
			this.position += step;
			skipped += step;
		}
		return skipped;
	}

	/**
	 * Whether a read would find input without blocking. After a {@code \r} that ended a
	 * line, the {@code \n} of its {@code \r\n} is no input (the next read skips it), so
	 * it is decoded from what has arrived, if it has, and skipped here, as
	 * {@link BufferedReader#ready()} does. As with {@code InputStreamReader}, bytes that
	 * are only the start of a character count as ready.
	 */
	@Override
	public boolean ready() throws IOException {
		if (this.skipLineFeed) {
			if (this.position >= this.limit) {
				decodeArrived();
			}
			if (this.position < this.limit) {
				this.skipLineFeed = false;
				if (this.buffer[this.position] == '\n') {
					this.position++;
				}
			}
		}
		return this.position < this.limit || this.bytes.hasRemaining() || this.in.available() > 0;
	}

	/**
	 * Decodes, without blocking, the bytes buffered and those the stream says it has: for
	 * {@link #ready()}, with the character buffer empty.
	 */
	private void decodeArrived() throws IOException {
		if (this.finished) {
			return;
		}
		int available = this.endOfInput ? 0 : this.in.available();
		if (available > 0) {
			holdPartialCharacter();
			this.bytes.compact();
			int read = this.in.read(this.bytes.array(), this.bytes.position(),
					Math.min(available, this.bytes.remaining()));
			if (read < 0) {
				this.endOfInput = true;
			}
			else {
				this.bytes.position(this.bytes.position() + read);
			}
			this.bytes.flip();
		}
		this.chars.clear();
		this.decoder.decode(this.bytes, this.chars, false);
		decoded();
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	@Override
	public void mark(int readAheadLimit) throws IOException {
		throw new IOException("mark is not supported by a connection's reader");
	}

	@Override
	public void reset() throws IOException {
		throw new IOException("reset is not supported by a connection's reader");
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

}
