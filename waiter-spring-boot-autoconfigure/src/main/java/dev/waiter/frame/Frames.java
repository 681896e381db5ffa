package dev.waiter.frame;

/** Argument checks and limits the framings share. */
final class Frames {

	/**
	 * The longest array the JVM is sure to allocate (the JDK's own soft maximum): a frame
	 * read into one array cannot be longer, whatever the configured maximum.
	 */
	static final int LARGEST_ARRAY = Integer.MAX_VALUE - 8;

	private Frames() {
	}

	/**
	 * Checks a maximum length: at least 1; {@code Integer.MAX_VALUE} is accepted and means
	 * no practical limit, so no framing adds to it without widening first.
	 */
	static void checkMax(int maxLength) {
		if (maxLength < 1) {
			throw new IllegalArgumentException("The maximum frame length must be at least 1, not " + maxLength);
		}
	}

	static void checkLength(int length, int maxLength) {
		if (length > maxLength) {
			throw new IllegalArgumentException("A frame of " + length + " bytes is over the maximum of " + maxLength);
		}
	}

}
