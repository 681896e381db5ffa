package dev.waiter.frame;

import java.io.IOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import org.jspecify.annotations.Nullable;

/** Frames ended by one byte; for lines, one {@code \r} before it is dropped. */
final class DelimiterFraming implements Framing {

	private final byte delimiter;

	private final boolean dropCarriageReturn;

	private final byte[] terminator;

	private final int maxLength;

	/** What is read up to the delimiter: for lines, room for the {@code \r} too, short of overflowing. */
	private final int readLimit;

	DelimiterFraming(byte delimiter, boolean dropCarriageReturn, byte[] terminator, int maxLength) {
		Frames.checkMax(maxLength);
		this.delimiter = delimiter;
		this.dropCarriageReturn = dropCarriageReturn;
		this.terminator = terminator;
		this.maxLength = maxLength;
		this.readLimit = dropCarriageReturn ? (int) Math.min(Integer.MAX_VALUE, maxLength + 1L) : maxLength;
	}

	@Override
	public byte @Nullable [] read(ConnectionInput input) throws IOException {
		byte[] frame = input.readUntil(this.delimiter, this.readLimit);
		if (frame != null && this.dropCarriageReturn && frame.length > 0 && frame[frame.length - 1] == '\r') {
			return java.util.Arrays.copyOf(frame, frame.length - 1);
		}
		if (frame != null && frame.length > this.maxLength) {
			throw new dev.waiter.FrameTooLongException(this.maxLength);
		}
		return frame;
	}

	@Override
	public void write(ConnectionOutput output, byte[] payload, int offset, int length) throws IOException {
		Frames.checkLength(length, this.maxLength);
		output.write(payload, offset, length);
		output.write(this.terminator);
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

}
