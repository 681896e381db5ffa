package dev.waiter;

/**
 * A client sent a frame (or line) longer than the reader accepts. It is refused after at
 * most the limit plus one buffer was read, never buffered whole.
 */
public class FrameTooLongException extends WaiterProtocolException {

	private static final long serialVersionUID = 1L;

	private final long maxLength;

	/**
	 * Creates the exception for a frame that exceeded {@code maxLength} bytes.
	 * @param maxLength the limit that was exceeded
	 */
	public FrameTooLongException(long maxLength) {
		this("Frame longer than " + maxLength + " bytes refused", maxLength);
	}

	/**
	 * Creates the exception with a message of its own.
	 * @param message the message
	 * @param maxLength the limit that was exceeded
	 */
	protected FrameTooLongException(String message, long maxLength) {
		super(message);
		this.maxLength = maxLength;
	}

	/**
	 * The limit that was exceeded.
	 * @return the maximum length in bytes
	 */
	public long getMaxLength() {
		return this.maxLength;
	}

}
