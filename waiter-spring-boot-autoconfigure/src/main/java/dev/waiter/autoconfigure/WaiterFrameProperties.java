package dev.waiter.autoconfigure;

import dev.waiter.frame.Framing;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * {@code waiter.frame.*}: the framing of {@code WaiterConnection.readFrame()} and
 * {@code writeFrame(...)}, for the common cases; a {@code WaiterServerCustomizer} can set
 * any {@link Framing} in code.
 */
public class WaiterFrameProperties {

	/** The kinds of framing the properties offer. */
	public enum Type {

		/** Lines ended by LF (a CR before it is dropped), written with LF. */
		LF,

		/** Lines ended by LF (a CR before it is dropped), written with CRLF. */
		CRLF,

		/** Frames ended by the byte waiter.frame.delimiter. */
		DELIMITER,

		/** Frames between STX (0x02) and ETX (0x03). */
		STX_ETX,

		/** Frames after a big-endian length header of waiter.frame.length-header-size bytes. */
		LENGTH_PREFIXED,

		/** Frames of waiter.frame.fixed-length bytes. */
		FIXED_LENGTH,

		/** One frame per connection: every byte until the client closes its side. */
		RAW

	}

	/**
	 * How frames are cut out of the byte stream.
	 */
	private Type type = Type.LF;

	/**
	 * Largest frame payload read or written; a longer one ends the connection with a
	 * FrameTooLongException after at most this plus one buffer was read.
	 */
	private DataSize maxLength = DataSize.ofKilobytes(64);

	/**
	 * The byte (0 to 255) that ends each frame, for type delimiter.
	 */
	private @Nullable Integer delimiter;

	/**
	 * Size of the length header in bytes (1, 2 or 4), for type length-prefixed.
	 */
	private int lengthHeaderSize = 4;

	/**
	 * Whether the length header counts itself, for type length-prefixed.
	 */
	private boolean lengthIncludesHeader;

	/**
	 * Length of every frame in bytes, for type fixed-length.
	 */
	private @Nullable Integer fixedLength;

	public Type getType() {
		return this.type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	public DataSize getMaxLength() {
		return this.maxLength;
	}

	public void setMaxLength(DataSize maxLength) {
		this.maxLength = maxLength;
	}

	public @Nullable Integer getDelimiter() {
		return this.delimiter;
	}

	public void setDelimiter(@Nullable Integer delimiter) {
		this.delimiter = delimiter;
	}

	public int getLengthHeaderSize() {
		return this.lengthHeaderSize;
	}

	public void setLengthHeaderSize(int lengthHeaderSize) {
		this.lengthHeaderSize = lengthHeaderSize;
	}

	public boolean isLengthIncludesHeader() {
		return this.lengthIncludesHeader;
	}

	public void setLengthIncludesHeader(boolean lengthIncludesHeader) {
		this.lengthIncludesHeader = lengthIncludesHeader;
	}

	public @Nullable Integer getFixedLength() {
		return this.fixedLength;
	}

	public void setFixedLength(@Nullable Integer fixedLength) {
		this.fixedLength = fixedLength;
	}

}
