package dev.waiter.server.connection;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Arrays;

import dev.waiter.FrameTooLongException;
import dev.waiter.LineTooLongException;
import dev.waiter.MalformedFrameException;
import org.jspecify.annotations.Nullable;

/**
 * The connection's {@link dev.waiter.ConnectionInput}: the delimited reads over the
 * buffer its superclass fills ({@link BufferedSocketInput}). A line or frame scans the
 * buffer in place; a line already whole in it becomes a String in one copy, and one longer
 * than the buffer is gathered in a second array that never grows past the caller's limit.
 * Used on the connection's thread only.
 */
final class SocketInput extends BufferedSocketInput {

	private final Charset charset;

	SocketInput(InputSource connection, Charset charset, int bufferSize) {
		super(connection, bufferSize);
		this.charset = charset;
	}

	/**
	 * A line already whole in the buffer becomes a String in one copy; any other goes
	 * through {@link #readDelimited}.
	 */
	@Override
	public @Nullable String readLine(int maxBytes) throws IOException {
		checkLimit(maxBytes);
		int start = this.position;
		int end = indexOf((byte) '\n', start, (int) Math.min(this.limit, start + (long) maxBytes + 2));
		if (end >= 0) {
			int contentEnd = (end > start && this.buffer[end - 1] == '\r') ? end - 1 : end;
			if (contentEnd - start <= maxBytes) {
				this.position = end + 1;
				return new String(this.buffer, start, contentEnd - start, this.charset);
			}
		}
		byte[] line = readDelimited((byte) '\n', maxBytes, true, true);
		return (line != null) ? new String(line, this.charset) : null;
	}

	@Override
	public byte @Nullable [] readUntil(byte delimiter, int maxBytes) throws IOException {
		checkLimit(maxBytes);
		return readDelimited(delimiter, maxBytes, false, false);
	}

	private static void checkLimit(int maxBytes) {
		if (maxBytes < 0) {
			throw new IllegalArgumentException("The limit must not be negative: " + maxBytes);
		}
	}

	/**
	 * Reads up to the delimiter. Never takes more than {@code max} content bytes off the
	 * buffer: with {@code line}, a {@code \r} at index {@code max} is looked at together with
	 * the byte after it, so a refused line leaves its bytes from {@code max} on unread.
	 * @param line whether this is a line: one {@code \r} before the delimiter is dropped and
	 * a last line without delimiter is returned at the end of the stream
	 */
	private byte @Nullable [] readDelimited(byte delimiter, int max, boolean line, boolean partialAtEnd)
			throws IOException {
		byte[] gathered = null;
		int collected = 0;
		while (true) {
			if (this.position >= this.limit && !fill()) {
				if (collected == 0) {
					return null;
				}
				if (!partialAtEnd) {
					throw new MalformedFrameException("End of stream inside a frame after " + collected + " bytes");
				}
				return line ? dropCarriageReturn(gathered, collected) : Arrays.copyOf(gathered, collected);
			}
			int start = this.position;
			int available = this.limit - start;
			int room = max - collected;
			int end = indexOf(delimiter, start, start + (int) Math.min(available, room + 1L));
			if (end >= 0) {
				this.position = end + 1;
				return join(gathered, collected, start, end, line);
			}
			if (available <= room) {
				gathered = gather(gathered, collected, start, available, max);
				collected += available;
				this.position = this.limit;
				continue;
			}
			// the byte at index max of the frame is not the delimiter
			if (line && this.buffer[start + room] == '\r') {
				if (available >= room + 2) {
					if (this.buffer[start + room + 1] == delimiter) {
						this.position = start + room + 2;
						return join(gathered, collected, start, start + room, false);
					}
				}
				else {
					gathered = gather(gathered, collected, start, room, max);
					collected += room;
					this.position = start + room;
					if (!fillMore()) {
						// the \r is the stream's last byte: a last line without terminator
						this.position = this.limit;
						if (!partialAtEnd) {
							throw new MalformedFrameException("End of stream inside a frame after " + collected + " bytes");
						}
						return Arrays.copyOf(gathered, collected);
					}
					continue;
				}
			}
			this.position = start + room;
			throw line ? new LineTooLongException(max) : new FrameTooLongException(max);
		}
	}

	private int indexOf(byte value, int from, int to) {
		byte[] bytes = this.buffer;
		for (int i = from; i < to; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private byte[] join(byte @Nullable [] gathered, int collected, int start, int end, boolean line) {
		int length = end - start;
		if (gathered == null) {
			if (line && length > 0 && this.buffer[end - 1] == '\r') {
				length--;
			}
			return Arrays.copyOfRange(this.buffer, start, start + length);
		}
		byte[] whole = Arrays.copyOf(gathered, collected + length);
		System.arraycopy(this.buffer, start, whole, collected, length);
		return line ? dropCarriageReturn(whole, whole.length) : whole;
	}

	private static byte[] dropCarriageReturn(byte[] bytes, int length) {
		int end = (length > 0 && bytes[length - 1] == '\r') ? length - 1 : length;
		return (end == bytes.length) ? bytes : Arrays.copyOf(bytes, end);
	}

	private byte[] gather(byte @Nullable [] gathered, int collected, int start, int count, int max) {
		byte[] target = gathered;
		if (target == null || target.length < collected + count) {
			int size = (int) Math.min(Math.max(collected + count, 2L * collected + 64), max);
			target = (gathered != null) ? Arrays.copyOf(gathered, size) : new byte[size];
		}
		System.arraycopy(this.buffer, start, target, collected, count);
		return target;
	}

}
