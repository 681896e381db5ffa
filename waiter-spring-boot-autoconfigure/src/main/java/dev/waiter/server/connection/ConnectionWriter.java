package dev.waiter.server.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Encodes characters for a connection into one small byte buffer, handed to the
 * connection's buffered output after every write call (so text keeps its order with bytes
 * written directly) and sent by flush: what {@code OutputStreamWriter} in a
 * {@code BufferedWriter} does, with a tenth of their buffers. Unmappable characters are
 * replaced. A surrogate pair split across two write calls is encoded whole: a trailing high
 * surrogate waits for the next call, and becomes the replacement only when the next char
 * is not its low half or the text ends ({@link #finish()}), as in {@code OutputStreamWriter}.
 * Used on the connection's thread only, under the connection's {@code PrintWriter}.
 */
final class ConnectionWriter extends Writer {

	private final OutputStream out;

	private final Charset charset;

	private final int bufferSize;

	/**
	 * Created on the first write: a handler that takes its writer and then waits for a
	 * request (most do) holds none of it while it waits.
	 */
	private @Nullable Encoding encoding;

	private @Nullable IOException failure;

	ConnectionWriter(OutputStream out, Charset charset, int bufferSize) {
		this.out = out;
		this.charset = charset;
		this.bufferSize = Math.max(bufferSize, 16);
	}

	/** The encoder and its buffers. */
	private static final class Encoding {

		final CharsetEncoder encoder;

		final ByteBuffer bytes;

		/** Strings are copied here first: the encoders' fast path needs an array behind the chars. */
		final char[] scratch;

		final CharBuffer scratchBuffer;

		/** How many chars at the front of scratch wait for the next write: a high surrogate. */
		int carried;

		Encoding(Charset charset, int size) {
			this.encoder = charset.newEncoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE);
			this.bytes = ByteBuffer.allocate(size);
			this.scratch = new char[size];
			this.scratchBuffer = CharBuffer.wrap(this.scratch);
		}

		/** How many chars fit behind the carried ones. */
		int room() {
			return this.scratch.length - this.carried;
		}

	}

	private Encoding encoding() {
		Encoding current = this.encoding;
		if (current == null) {
			current = new Encoding(this.charset, this.bufferSize);
			this.encoding = current;
		}
		return current;
	}

	@Override
	public void write(char[] source, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, source.length);
		Encoding e = encoding();
		int end = offset + length;
		for (int from = offset; from < end;) {
			int count = Math.min(end - from, e.room());
			System.arraycopy(source, from, e.scratch, e.carried, count);
			from += count;
			encodeScratch(e, count);
		}
		drain(e);
	}

	@Override
	public void write(String text, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, text.length());
		Encoding e = encoding();
		int end = offset + length;
		for (int from = offset; from < end;) {
			int count = Math.min(end - from, e.room());
			text.getChars(from, from + count, e.scratch, e.carried);
			from += count;
			encodeScratch(e, count);
		}
		drain(e);
	}

	@Override
	public void write(int c) throws IOException {
		Encoding e = encoding();
		e.scratch[e.carried] = (char) c;
		encodeScratch(e, 1);
		drain(e);
	}

	/**
	 * Encodes the chars carried from the last call and the {@code count} copied behind them;
	 * what the encoder leaves (a high surrogate waiting for its low half) is carried to the
	 * front for the next chunk or call, as {@code OutputStreamWriter} keeps its leftover char.
	 */
	private void encodeScratch(Encoding e, int count) throws IOException {
		e.scratchBuffer.clear().limit(e.carried + count);
		encode(e, e.scratchBuffer);
		e.carried = e.scratchBuffer.remaining();
		System.arraycopy(e.scratch, e.scratchBuffer.position(), e.scratch, 0, e.carried);
	}

	/**
	 * Ends the text: a high surrogate still waiting for its low half is malformed and
	 * written as the replacement, as {@code OutputStreamWriter} does on close. The writer
	 * stays usable. Connection's thread, when the connection ends or the writer closes.
	 */
	void finish() throws IOException {
		Encoding e = this.encoding;
		if (e == null || e.carried == 0) {
			return;
		}
		e.scratchBuffer.clear().limit(e.carried);
		e.carried = 0;
		while (e.encoder.encode(e.scratchBuffer, e.bytes, true).isOverflow()) {
			drain(e);
		}
		while (e.encoder.flush(e.bytes).isOverflow()) {
			drain(e);
		}
		e.encoder.reset();
		drain(e);
	}

	private void encode(Encoding e, CharBuffer chars) throws IOException {
		while (true) {
			CoderResult result = e.encoder.encode(chars, e.bytes, false);
			if (result.isUnderflow()) {
				return;
			}
			drain(e);
		}
	}

	private void drain(@Nullable Encoding e) throws IOException {
		if (e != null && e.bytes.position() > 0) {
			try {
				this.out.write(e.bytes.array(), 0, e.bytes.position());
			}
			catch (IOException ex) {
				throw failed(ex);
			}
			e.bytes.clear();
		}
	}

	@Override
	public void flush() throws IOException {
		drain(this.encoding);
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	private IOException failed(IOException ex) {
		if (this.failure == null) {
			this.failure = ex;
		}
		return ex;
	}

	/**
	 * The first write error, which the {@code PrintWriter} around this writer swallows: the
	 * server reads it after the handlers returned, so that a lost reply is not reported as
	 * completed.
	 * @return the error, or {@code null} when every write reached the socket
	 */
	@Nullable IOException failure() {
		return this.failure;
	}

	@Override
	public void close() throws IOException {
		finish();
		flush();
		this.out.close();
	}

}
