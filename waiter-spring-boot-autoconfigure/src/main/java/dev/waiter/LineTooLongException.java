package dev.waiter;

import java.io.IOException;

/**
 * Thrown by {@link WaiterConnection#readLine(int)} when a client sends a line longer
 * than the caller accepts: the line is refused, not buffered.
 */
public class LineTooLongException extends IOException {

	private static final long serialVersionUID = 1L;

	private final int maxChars;

	/**
	 * Creates the exception for a line that exceeded {@code maxChars}.
	 * @param maxChars the limit that was exceeded
	 */
	public LineTooLongException(int maxChars) {
		super("Line longer than " + maxChars + " characters refused");
		this.maxChars = maxChars;
	}

	/**
	 * The limit that was exceeded.
	 * @return the maximum number of characters
	 */
	public int getMaxChars() {
		return this.maxChars;
	}

}
