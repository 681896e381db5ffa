package dev.waiter.autoconfigure;

import dev.waiter.frame.Framing;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code waiter.frame.*} into a {@link Framing}, or stops start-up with a message
 * naming the property that is missing or out of range. Runs once, on the thread that
 * creates the server bean.
 */
final class WaiterFramingFactory {

	private WaiterFramingFactory() {
	}

	static Framing create(WaiterFrameProperties frame) {
		int max = maxLength(frame.getMaxLength());
		return switch (frame.getType()) {
			case LF -> Framing.lf(max);
			case CRLF -> Framing.crlf(max);
			case DELIMITER -> Framing.delimiter(delimiter(frame.getDelimiter()), max);
			case STX_ETX -> Framing.stxEtx(max);
			case LENGTH_PREFIXED -> Framing.lengthPrefixed(headerSize(frame.getLengthHeaderSize()),
					frame.isLengthIncludesHeader(), max);
			case FIXED_LENGTH -> Framing.fixedLength(fixedLength(frame.getFixedLength()));
			case RAW -> Framing.raw(max);
		};
	}

	private static int maxLength(DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 1 || bytes > Integer.MAX_VALUE - 16) {
			throw new InvalidConfigurationPropertyValueException("waiter.frame.max-length", size,
					"must be at least 1B and below 2GB");
		}
		return (int) bytes;
	}

	private static byte delimiter(Integer delimiter) {
		if (delimiter == null || delimiter < 0 || delimiter > 255) {
			throw new InvalidConfigurationPropertyValueException("waiter.frame.delimiter", delimiter,
					"waiter.frame.type=delimiter needs the byte (0 to 255) that ends each frame");
		}
		return (byte) delimiter.intValue();
	}

	private static int headerSize(int size) {
		if (size != 1 && size != 2 && size != 4) {
			throw new InvalidConfigurationPropertyValueException("waiter.frame.length-header-size", size,
					"must be 1, 2 or 4");
		}
		return size;
	}

	private static int fixedLength(Integer length) {
		if (length == null || length < 1) {
			throw new InvalidConfigurationPropertyValueException("waiter.frame.fixed-length", length,
					"waiter.frame.type=fixed-length needs a length of at least 1");
		}
		return length;
	}

}
