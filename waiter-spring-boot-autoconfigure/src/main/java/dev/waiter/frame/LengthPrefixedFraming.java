package dev.waiter.frame;

import java.io.EOFException;
import java.io.IOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.FrameTooLongException;
import dev.waiter.MalformedFrameException;
import org.jspecify.annotations.Nullable;

/**
 * Frames after a big-endian unsigned length header. The header is checked against the
 * maximum before anything is allocated, so a client announcing 4 GiB costs four bytes; a
 * frame longer than any array ({@link Frames#LARGEST_ARRAY}) is refused the same way, even
 * under a maximum of {@code Integer.MAX_VALUE}.
 */
final class LengthPrefixedFraming implements Framing {

	private final int headerSize;

	private final boolean includesHeader;

	private final int maxLength;

	/** The longest frame read: the maximum, or the longest array when that is shorter. */
	private final int readLimit;

	LengthPrefixedFraming(int headerSize, boolean includesHeader, int maxLength) {
		if (headerSize != 1 && headerSize != 2 && headerSize != 4) {
			throw new IllegalArgumentException("The length header must be 1, 2 or 4 bytes, not " + headerSize);
		}
		Frames.checkMax(maxLength);
		this.headerSize = headerSize;
		this.includesHeader = includesHeader;
		this.maxLength = maxLength;
		this.readLimit = Math.min(maxLength, Frames.LARGEST_ARRAY);
	}

	@Override
	public byte @Nullable [] read(ConnectionInput input) throws IOException {
		int first = input.read();
		if (first < 0) {
			return null;
		}
		long length = first;
		try {
			for (int i = 1; i < this.headerSize; i++) {
				length = (length << 8) | input.readUnsignedByte();
			}
		}
		catch (EOFException ex) {
			throw new MalformedFrameException("End of stream inside a length header");
		}
		if (this.includesHeader) {
			length -= this.headerSize;
			if (length < 0) {
				throw new MalformedFrameException("Length header smaller than the header itself");
			}
		}
		if (length > this.readLimit) {
			throw new FrameTooLongException(this.readLimit);
		}
		try {
			return input.readBytes((int) length);
		}
		catch (EOFException ex) {
			throw new MalformedFrameException("End of stream inside a frame of " + length + " bytes");
		}
	}

	@Override
	public void write(ConnectionOutput output, byte[] payload, int offset, int length) throws IOException {
		Frames.checkLength(length, this.maxLength);
		long header = this.includesHeader ? length + this.headerSize : length;
		if (this.headerSize < 4 && header >= (1L << (8 * this.headerSize))) {
			throw new IllegalArgumentException(
					"A frame of " + length + " bytes does not fit a " + this.headerSize + "-byte length header");
		}
		for (int shift = 8 * (this.headerSize - 1); shift >= 0; shift -= 8) {
			output.write((int) (header >>> shift));
		}
		output.write(payload, offset, length);
	}

	@Override
	public int maxLength() {
		return this.maxLength;
	}

}
