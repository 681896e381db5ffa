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

	private final CharsetEncoder encoder;

	private final ByteBuffer bytes;

	/** Strings are copied here first: the encoders' fast path needs an array behind the chars. */
	private final char[] scratch;

	private final CharBuffer scratchBuffer;

	private @Nullable IOException failure;

	ConnectionWriter(OutputStream out, Charset charset, int bufferSize) {
		this.out = out;
		this.encoder = charset.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		this.bytes = ByteBuffer.allocate(Math.max(bufferSize, 16));
		this.scratch = new char[Math.max(bufferSize, 16)];
		this.scratchBuffer = CharBuffer.wrap(this.scratch);
	}

	@Override
	public void write(char[] source, int offset, int length) throws IOException {
		encode(CharBuffer.wrap(source, offset, length));
		drain();
	}

	/**
	 * Encodes the text in scratch-sized chunks; a surrogate pair split by a chunk boundary
	 * is carried into the next chunk, and a lone high surrogate ending the text is malformed
	 * and written as the replacement.
	 */
	@Override
	public void write(String text, int offset, int length) throws IOException {
		int end = offset + length;
		int from = offset;
		int carried = 0;
		while (from < end) {
			int count = Math.min(end - from, this.scratch.length - carried);
			text.getChars(from, from + count, this.scratch, carried);
			from += count;
			this.scratchBuffer.clear().limit(carried + count);
			encode(this.scratchBuffer);
			carried = this.scratchBuffer.remaining();
			System.arraycopy(this.scratch, this.scratchBuffer.position(), this.scratch, 0, carried);
		}
		if (carried > 0) {
			write('?');
		}
		drain();
	}

	@Override
	public void write(int c) throws IOException {
		this.scratch[0] = (char) c;
		this.scratchBuffer.clear().limit(1);
		encode(this.scratchBuffer);
		drain();
	}

	private void encode(CharBuffer chars) throws IOException {
		while (true) {
			CoderResult result = this.encoder.encode(chars, this.bytes, false);
			if (result.isUnderflow()) {
				return;
			}
			drain();
		}
	}

	private void drain() throws IOException {
		if (this.bytes.position() > 0) {
			try {
				this.out.write(this.bytes.array(), 0, this.bytes.position());
			}
			catch (IOException ex) {
				throw failed(ex);
			}
			this.bytes.clear();
		}
	}

	@Override
	public void flush() throws IOException {
		drain();
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
