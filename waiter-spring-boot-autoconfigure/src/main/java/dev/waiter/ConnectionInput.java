package dev.waiter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/**
 * The bytes from one client: a buffered, counted stream under every read API of the
 * connection ({@link WaiterConnection#input()}, {@link WaiterConnection#readLine(int)},
 * {@link WaiterConnection#readFrame()} and this class's own methods), so text and binary
 * reads mix in any order with no byte lost or read twice. Only
 * {@link WaiterConnection#reader()} decodes ahead into its own buffer: once a handler
 * reads through it, it should read through nothing else.
 * <p>
 * Before a read blocks on the socket (nothing left in the buffer), the connection's
 * buffered output is flushed: a handler answering pipelined requests writes its replies
 * with {@link ConnectionOutput} and they go out in one write when the batch is done.
 * <p>
 * For the connection's own thread only (the one that publishes the process event).
 */
public abstract class ConnectionInput extends InputStream {

	/**
	 * Reads a line ended by {@code \n}, dropping one {@code \r} before it, decoded in
	 * {@code waiter.charset}; refuses a line longer than {@code maxBytes} bytes (terminator
	 * excluded) after reading at most two bytes past the limit, leaving the line's bytes
	 * from {@code maxBytes} on unread. A last line without terminator is returned at the
	 * end of the stream.
	 * @param maxBytes the longest line accepted, in bytes
	 * @return the line, or {@code null} at the end of the stream
	 * @throws LineTooLongException for a longer line
	 * @throws IOException when the read fails or times out
	 */
	public abstract @Nullable String readLine(int maxBytes) throws IOException;

	/**
	 * Reads up to the next {@code delimiter}, which is consumed and not returned.
	 * @param delimiter the byte that ends the frame
	 * @param maxBytes the longest frame accepted, delimiter excluded
	 * @return the bytes before the delimiter, or {@code null} if the stream ended before any
	 * @throws FrameTooLongException after at most {@code maxBytes} + one buffer were read
	 * @throws MalformedFrameException if the stream ends inside a frame
	 * @throws IOException when the read fails or times out
	 */
	public abstract byte @Nullable [] readUntil(byte delimiter, int maxBytes) throws IOException;

	/**
	 * Reads exactly {@code length} bytes into a new array: check a client's length header
	 * against your own limit before calling this, as the array is allocated at once.
	 * @param length how many bytes
	 * @return the bytes
	 * @throws EOFException if the stream ends first
	 * @throws IOException when the read fails or times out
	 */
	public byte[] readBytes(int length) throws IOException {
		byte[] bytes = new byte[length];
		readFully(bytes, 0, length);
		return bytes;
	}

	/**
	 * Fills the given range of {@code target} exactly.
	 * @param target where the bytes go
	 * @param offset the first index to fill
	 * @param length how many bytes
	 * @throws EOFException if the stream ends first
	 * @throws IOException when the read fails or times out
	 */
	public void readFully(byte[] target, int offset, int length) throws IOException {
		int done = 0;
		while (done < length) {
			int n = read(target, offset + done, length - done);
			if (n < 0) {
				throw new EOFException("End of stream after " + done + " of " + length + " bytes");
			}
			done += n;
		}
	}

	/**
	 * Fills {@code target} exactly.
	 * @param target where the bytes go
	 * @throws IOException as {@link #readFully(byte[], int, int)}
	 */
	public void readFully(byte[] target) throws IOException {
		readFully(target, 0, target.length);
	}

	/**
	 * Reads one byte.
	 * @return the byte, 0 to 255
	 * @throws EOFException at the end of the stream
	 * @throws IOException when the read fails or times out
	 */
	public int readUnsignedByte() throws IOException {
		int b = read();
		if (b < 0) {
			throw new EOFException("End of stream");
		}
		return b;
	}

	/**
	 * Reads a big-endian unsigned 16-bit integer.
	 * @return the value, 0 to 65535
	 * @throws IOException as {@link #readUnsignedByte()}
	 */
	public int readUnsignedShort() throws IOException {
		return (readUnsignedByte() << 8) | readUnsignedByte();
	}

	/**
	 * Reads a big-endian 32-bit integer.
	 * @return the value
	 * @throws IOException as {@link #readUnsignedByte()}
	 */
	public int readInt() throws IOException {
		return (readUnsignedShort() << 16) | readUnsignedShort();
	}

	/**
	 * Reads a big-endian 64-bit integer.
	 * @return the value
	 * @throws IOException as {@link #readUnsignedByte()}
	 */
	public long readLong() throws IOException {
		return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
	}

	/**
	 * Bytes already read from the socket and not yet consumed: more than zero means the
	 * next request is (at least partly) here, so a reply can wait in the output buffer.
	 * @return the count of buffered bytes
	 */
	public abstract int buffered();

	/**
	 * Whether the client has closed its side and every byte was read: the clean end of a
	 * connection, as opposed to a reset (which a read reports as an exception).
	 * @return true once a read returned the end of the stream
	 */
	public abstract boolean isEndOfStream();

}
