package dev.waiter.frame;

import java.io.IOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.MalformedFrameException;
import org.jspecify.annotations.Nullable;

/** Frames between STX (0x02) and ETX (0x03). */
final class StxEtxFraming implements Framing {

	static final int STX = 0x02;

	static final int ETX = 0x03;

	private final int maxLength;

	StxEtxFraming(int maxLength) {
		Frames.checkMax(maxLength);
		this.maxLength = maxLength;
	}

	@Override
	public byte @Nullable [] read(ConnectionInput input) throws IOException {
		int first = input.read();
		if (first < 0) {
			return null;
		}
		if (first != STX) {
			throw new MalformedFrameException("Expected STX (0x02) to start a frame, got 0x" + Integer.toHexString(first));
		}
		byte[] frame = input.readUntil((byte) ETX, this.maxLength);
		if (frame == null) {
			throw new MalformedFrameException("End of stream after STX");
		}
		return frame;
	}

	@Override
	public void write(ConnectionOutput output, byte[] payload, int offset, int length) throws IOException {
		Frames.checkLength(length, this.maxLength);
		output.write(STX);
		output.write(payload, offset, length);
		output.write(ETX);
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

}
