package dev.waiter.frame;

import java.io.EOFException;
import java.io.IOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.MalformedFrameException;
import org.jspecify.annotations.Nullable;

/** Frames of one fixed length. */
final class FixedLengthFraming implements Framing {

	private final int length;

	FixedLengthFraming(int length) {
		Frames.checkMax(length);
		if (length > Frames.LARGEST_ARRAY) {
			throw new IllegalArgumentException("A fixed frame length of " + length
					+ " bytes cannot be read into one array; the most is " + Frames.LARGEST_ARRAY);
		}
		this.length = length;
	}

	@Override
	public byte @Nullable [] read(ConnectionInput input) throws IOException {
		int first = input.read();
		if (first < 0) {
			return null;
		}
		byte[] frame = new byte[this.length];
		frame[0] = (byte) first;
		try {
			input.readFully(frame, 1, this.length - 1);
		}
		catch (EOFException ex) {
			throw new MalformedFrameException("End of stream inside a frame of " + this.length + " bytes");
		}
		return frame;
	}

	@Override
	public void write(ConnectionOutput output, byte[] payload, int offset, int length) throws IOException {
		if (length != this.length) {
			throw new IllegalArgumentException("Frames are " + this.length + " bytes, not " + length);
		}
		output.write(payload, offset, length);
	}

	@Override
	public int maxLength() {
		return this.length;
	}

}
