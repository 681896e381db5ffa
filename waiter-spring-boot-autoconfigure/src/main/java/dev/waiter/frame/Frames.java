package dev.waiter.frame;

/** Argument checks the framings share. */
final class Frames {

	private Frames() {
	}

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
