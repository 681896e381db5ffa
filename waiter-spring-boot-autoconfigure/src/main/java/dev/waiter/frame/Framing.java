package dev.waiter.frame;

import java.io.IOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import org.jspecify.annotations.Nullable;

/**
 * How messages are cut out of a connection's byte stream and put back into it. Reading
 * and writing a frame is one call each; a frame over {@link #maxLength()} is refused with
 * {@link dev.waiter.FrameTooLongException} after at most the maximum plus one buffer was
 * read, never buffered whole. A maximum of {@code Integer.MAX_VALUE} means no practical
 * limit (a frame is still read into one array, so none is longer than the largest the JVM
 * allocates). Implementations are immutable and shared by every
 * connection; they read and write on the connection's own thread.
 */
public interface Framing {

	/**
	 * Reads the next frame.
	 * @param input the connection's input
	 * @return the frame's payload, or {@code null} at a clean end of stream between frames
	 * @throws dev.waiter.FrameTooLongException for a frame over the maximum
	 * @throws dev.waiter.MalformedFrameException for bytes that are not a frame, or a
	 * stream that ends inside one
	 * @throws IOException when the read fails or times out
	 */
	byte @Nullable [] read(ConnectionInput input) throws IOException;

	/**
	 * Writes one frame into the connection's buffered output (flushed as
	 * {@link ConnectionOutput} says).
	 * @param output the connection's output
	 * @param payload the frame's payload
	 * @param offset where the payload starts
	 * @param length how many bytes
	 * @throws IllegalArgumentException for a payload this framing cannot carry
	 * @throws IOException when a write to the socket fails
	 */
	void write(ConnectionOutput output, byte[] payload, int offset, int length) throws IOException;

	/**
	 * The largest payload read or written.
	 * @return the maximum, in bytes
	 */
	int maxLength();

	/**
	 * Lines ended by {@code \n} (one {@code \r} before it is dropped, as Netty's
	 * {@code LineBasedFrameDecoder}); written with {@code \n} (Spring Integration's
	 * {@code ByteArrayLfSerializer}).
	 * @param maxLength the longest line, terminator excluded
	 * @return the framing
	 */
	static Framing lf(int maxLength) {
		return new DelimiterFraming((byte) '\n', true, new byte[] { '\n' }, maxLength);
	}

	/**
	 * Lines read as {@link #lf(int)} and written with {@code \r\n} (Spring Integration's
	 * {@code ByteArrayCrLfSerializer}).
	 * @param maxLength the longest line, terminator excluded
	 * @return the framing
	 */
	static Framing crlf(int maxLength) {
		return new DelimiterFraming((byte) '\n', true, new byte[] { '\r', '\n' }, maxLength);
	}

	/**
	 * Frames ended by one delimiter byte ({@code ByteArraySingleTerminatorSerializer}).
	 * @param delimiter the byte after each frame
	 * @param maxLength the longest frame, delimiter excluded
	 * @return the framing
	 */
	static Framing delimiter(byte delimiter, int maxLength) {
		return new DelimiterFraming(delimiter, false, new byte[] { delimiter }, maxLength);
	}

	/**
	 * Frames between STX (0x02) and ETX (0x03) ({@code ByteArrayStxEtxSerializer}).
	 * @param maxLength the longest frame
	 * @return the framing
	 */
	static Framing stxEtx(int maxLength) {
		return new StxEtxFraming(maxLength);
	}

	/**
	 * Frames after a big-endian unsigned length header of 1, 2 or 4 bytes
	 * ({@code ByteArrayLengthHeaderSerializer}, Netty's {@code LengthFieldBasedFrameDecoder}).
	 * @param headerSize 1, 2 or 4
	 * @param includesHeader whether the length counts the header itself
	 * @param maxLength the longest payload
	 * @return the framing
	 */
	static Framing lengthPrefixed(int headerSize, boolean includesHeader, int maxLength) {
		return new LengthPrefixedFraming(headerSize, includesHeader, maxLength);
	}

	/**
	 * Frames of one fixed length ({@code ByteArrayRawSerializer} with a length; Netty's
	 * {@code FixedLengthFrameDecoder}).
	 * @param length every frame's length
	 * @return the framing
	 */
	static Framing fixedLength(int length) {
		return new FixedLengthFraming(length);
	}

	/**
	 * One frame per connection: every byte until the client closes its side
	 * ({@code ByteArrayRawSerializer}).
	 * @param maxLength the most bytes accepted
	 * @return the framing
	 */
	static Framing raw(int maxLength) {
		return new RawFraming(maxLength);
	}

}
