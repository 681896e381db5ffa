package dev.waiter.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

import org.jspecify.annotations.Nullable;

/**
 * Encodes characters for a connection into one small byte buffer, handed to the
 * connection's buffered output after every write call (so text keeps its order with bytes
 * written directly) and sent by flush: what {@code OutputStreamWriter} in a
 * {@code BufferedWriter} does, with a tenth of their buffers. Unmappable characters are
 * replaced. Used on the connection's thread only, under the {@code PrintWriter} that wraps it.
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

		Encoding(Charset charset, int size) {
			this.encoder = charset.newEncoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE);
			this.bytes = ByteBuffer.allocate(size);
			this.scratch = new char[size];
			this.scratchBuffer = CharBuffer.wrap(this.scratch);
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
		Encoding e = encoding();
		encode(e, CharBuffer.wrap(source, offset, length));
		drain(e);
	}

	/**
	 * Encodes the text in scratch-sized chunks; a surrogate pair split by a chunk boundary
	 * is carried into the next chunk, and a lone high surrogate ending the text is malformed
	 * and written as the replacement.
	 */
	@Override
	public void write(String text, int offset, int length) throws IOException {
		Encoding e = encoding();
		int end = offset + length;
		int from = offset;
		int carried = 0;
		while (from < end) {
			int count = Math.min(end - from, e.scratch.length - carried);
			text.getChars(from, from + count, e.scratch, carried);
			from += count;
			e.scratchBuffer.clear().limit(carried + count);
			encode(e, e.scratchBuffer);
			carried = e.scratchBuffer.remaining();
			System.arraycopy(e.scratch, e.scratchBuffer.position(), e.scratch, 0, carried);
		}
		if (carried > 0) {
			write('?');
		}
		drain(e);
	}

	@Override
	public void write(int c) throws IOException {
		Encoding e = encoding();
		e.scratch[0] = (char) c;
		e.scratchBuffer.clear().limit(1);
		encode(e, e.scratchBuffer);
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
		flush();
		this.out.close();
	}

}
