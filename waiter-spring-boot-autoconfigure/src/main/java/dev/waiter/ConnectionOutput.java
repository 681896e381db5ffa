package dev.waiter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes to one client: a buffered, counted stream under every write API of the
 * connection ({@link WaiterConnection#output()}, {@link WaiterConnection#writer()},
 * {@link WaiterConnection#writeFrame(byte[])} and this class's own methods), so their
 * writes keep their order. Nothing is sent until {@link #flush()}, a full buffer, a read
 * that would block (see {@link ConnectionInput}) or the end of the connection, when the
 * server flushes before it closes.
 * <p>
 * For the connection's own thread only.
 */
public abstract class ConnectionOutput extends OutputStream {

	/**
	 * Writes the text's characters as single bytes (US-ASCII; any other character becomes
	 * {@code ?}), the fast path for protocol keywords and numbers.
	 * @param text the text
	 * @throws IOException when a write to the socket fails
	 */
	public abstract void writeAscii(CharSequence text) throws IOException;

	/**
	 * Writes the text encoded in {@code waiter.charset}.
	 * @param text the text
	 * @throws IOException when a write to the socket fails
	 */
	public abstract void writeText(String text) throws IOException;

	/**
	 * Writes a decimal number in ASCII, as RESP and many text protocols want it.
	 * @param value the number
	 * @throws IOException when a write to the socket fails
	 */
	public void writeDecimal(long value) throws IOException {
		write(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Writes a big-endian 16-bit integer.
	 * @param value the value (its low 16 bits)
	 * @throws IOException when a write to the socket fails
	 */
	public void writeShort(int value) throws IOException {
		write(value >>> 8);
		write(value);
	}

	/**
	 * Writes a big-endian 32-bit integer.
	 * @param value the value
	 * @throws IOException when a write to the socket fails
	 */
	public void writeInt(int value) throws IOException {
		writeShort(value >>> 16);
		writeShort(value);
	}

	/**
	 * Writes a big-endian 64-bit integer.
	 * @param value the value
	 * @throws IOException when a write to the socket fails
	 */
	public void writeLong(long value) throws IOException {
		writeInt((int) (value >>> 32));
		writeInt((int) value);
	}

	/**
	 * Bytes written but not yet sent.
	 * @return the count
	 */
	public abstract int pending();

	/**
	 * Sends what is buffered unless more input is already buffered: the call for a
	 * pipelining loop that answers a batch of requests with one write. (A read that would
	 * block flushes anyway, so most loops need not call it.)
	 * @param input the connection's input
	 * @throws IOException when a write to the socket fails
	 */
	public void flushIfNoInput(ConnectionInput input) throws IOException {
		if (input.buffered() == 0) {
			flush();
		}
	}

}
