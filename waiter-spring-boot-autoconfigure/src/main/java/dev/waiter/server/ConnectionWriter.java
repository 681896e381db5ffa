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

/**
 * Encodes characters for a connection into one small byte buffer, written to the socket
 * when full and on flush: what {@code OutputStreamWriter} in a {@code BufferedWriter} does,
 * with a tenth of their buffers and no layer in between. Unmappable characters are
 * replaced. Used on the connection's thread only, under the {@code PrintWriter} that wraps it.
 */
final class ConnectionWriter extends Writer {

	private final OutputStream out;

	private final CharsetEncoder encoder;

	private final ByteBuffer bytes;

	ConnectionWriter(OutputStream out, Charset charset, int bufferSize) {
		this.out = out;
		this.encoder = charset.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE);
		this.bytes = ByteBuffer.allocate(Math.max(bufferSize, 16));
	}

	@Override
	public void write(char[] source, int offset, int length) throws IOException {
		encode(CharBuffer.wrap(source, offset, length));
	}

	@Override
	public void write(String text, int offset, int length) throws IOException {
		encode(CharBuffer.wrap(text, offset, offset + length));
	}

	@Override
	public void write(int c) throws IOException {
		encode(CharBuffer.wrap(new char[] { (char) c }));
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
			this.out.write(this.bytes.array(), 0, this.bytes.position());
			this.bytes.clear();
		}
	}

	@Override
	public void flush() throws IOException {
		drain();
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		flush();
		this.out.close();
	}

}
