package dev.waiter;

/**
 * Thrown by {@link WaiterConnection#readLine(int)} and {@link ConnectionInput#readLine(int)}
 * when a client sends a line longer than the caller accepts: the line is refused, not
 * buffered, and its bytes past the limit are still unread.
 */
public class LineTooLongException extends FrameTooLongException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception for a line that exceeded {@code maxBytes}.
	 * @param maxBytes the limit that was exceeded
	 */
	public LineTooLongException(int maxBytes) {
		super("Line longer than " + maxBytes + " bytes refused", maxBytes);
	}

	/**
	 * The limit that was exceeded, in bytes (the name is kept from when lines were
	 * counted in characters).
	 * @return the maximum line length
	 */
	public int getMaxChars() {
		return (int) getMaxLength();
	}

}
