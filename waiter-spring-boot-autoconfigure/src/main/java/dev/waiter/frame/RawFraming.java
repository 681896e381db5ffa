package dev.waiter.frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.FrameTooLongException;
import org.jspecify.annotations.Nullable;

/** One frame per connection: every byte until the client closes its side. */
final class RawFraming implements Framing {

	private static final int CHUNK = 4096;

	private final int maxLength;

	RawFraming(int maxLength) {
		Frames.checkMax(maxLength);
		this.maxLength = maxLength;
	}

	@Override
	public byte @Nullable [] read(ConnectionInput input) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(Math.min(CHUNK, this.maxLength));
		byte[] chunk = new byte[(int) Math.min(CHUNK, this.maxLength + 1L)];
		int n;
		while ((n = input.read(chunk, 0, (int) Math.min(chunk.length, this.maxLength + 1L - frame.size()))) > 0) {
			frame.write(chunk, 0, n);
			if (frame.size() > this.maxLength) {
				throw new FrameTooLongException(this.maxLength);
			}
		}
		return (frame.size() == 0) ? null : frame.toByteArray();
	}

	@Override
	public void write(ConnectionOutput output, byte[] payload, int offset, int length) throws IOException {
		Frames.checkLength(length, this.maxLength);
		output.write(payload, offset, length);
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

}
