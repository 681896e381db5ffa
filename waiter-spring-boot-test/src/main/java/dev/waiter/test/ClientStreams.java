package dev.waiter.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.FrameTooLongException;
import dev.waiter.LineTooLongException;
import dev.waiter.MalformedFrameException;
import org.jspecify.annotations.Nullable;

/**
 * The client side's byte streams, as the {@link ConnectionInput} and
 * {@link ConnectionOutput} a {@link dev.waiter.frame.Framing} reads and writes: simple
 * buffered streams, scanned a byte at a time, which is plenty for tests.
 */
final class ClientStreams {

	private ClientStreams() {
	}

	static final class Input extends ConnectionInput {

		private final BufferedInputStream in;

		private final Charset charset;

		private boolean ended;

		Input(InputStream in, Charset charset) {
			this.in = new BufferedInputStream(in, 8192);
			this.charset = charset;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			this.ended |= b < 0;
			return b;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			int n = this.in.read(target, offset, length);
			this.ended |= n < 0;
			return n;
		}

		@Override
		public @Nullable String readLine(int maxBytes) throws IOException {
			byte[] line = readUntil((byte) '\n', maxBytes + 1, true);
			if (line == null) {
				return null;
			}
			int length = (line.length > 0 && line[line.length - 1] == '\r') ? line.length - 1 : line.length;
			if (length > maxBytes) {
				throw new LineTooLongException(maxBytes);
			}
			return new String(line, 0, length, this.charset);
		}

		@Override
		public byte @Nullable [] readUntil(byte delimiter, int maxBytes) throws IOException {
			return readUntil(delimiter, maxBytes, false);
		}

		private byte @Nullable [] readUntil(byte delimiter, int maxBytes, boolean partialAtEnd) throws IOException {
			ByteArrayOutputStream frame = new ByteArrayOutputStream();
			while (true) {
				int b = read();
				if (b < 0) {
					if (frame.size() == 0) {
						return null;
					}
					if (!partialAtEnd) {
						throw new MalformedFrameException("End of stream inside a frame");
					}
					return frame.toByteArray();
				}
				if (b == (delimiter & 0xff)) {
					return frame.toByteArray();
				}
				if (frame.size() == maxBytes) {
					throw new FrameTooLongException(maxBytes);
				}
				frame.write(b);
			}
		}

		@Override
		public int buffered() {
			try {
				return this.in.available();
			}
			catch (IOException ex) {
				return 0;
			}
		}

		@Override
		public boolean isEndOfStream() {
			return this.ended;
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

	static final class Output extends ConnectionOutput {

		private final BufferedOutputStream out;

		private final Charset charset;

		private int pending;

		Output(OutputStream out, Charset charset) {
			this.out = new BufferedOutputStream(out, 8192);
			this.charset = charset;
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.pending++;
		}

		@Override
		public void write(byte[] source, int offset, int length) throws IOException {
			this.out.write(source, offset, length);
			this.pending += length;
		}

		@Override
		public void writeAscii(CharSequence text) throws IOException {
			write(text.toString().getBytes(StandardCharsets.US_ASCII));
		}

		@Override
		public void writeText(String text) throws IOException {
			write(text.getBytes(this.charset));
		}

		@Override
		public int pending() {
			return this.pending;
		}

		@Override
		public void flush() throws IOException {
			this.out.flush();
			this.pending = 0;
		}

	}

}
