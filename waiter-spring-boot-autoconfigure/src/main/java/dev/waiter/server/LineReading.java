package dev.waiter.server;

import java.io.IOException;
import java.io.Reader;

import dev.waiter.LineTooLongException;
import org.jspecify.annotations.Nullable;

/**
 * Reads one line with a bound, so that a hostile client cannot make the server buffer an
 * endless line. Reads character by character from a buffered reader and stops at the
 * first character past the bound.
 */
final class LineReading {

	private static final int INITIAL_CAPACITY = 128;

	private LineReading() {
	}

	/**
	 * Reads up to and excluding the next {@code \n}, dropping a {@code \r} just before it.
	 * @param reader where to read from; should be buffered
	 * @param maxChars the longest line accepted, terminator excluded
	 * @return the line, or {@code null} if the stream ended before any character
	 * @throws LineTooLongException when the line has more than {@code maxChars} characters;
	 * the rest of the line stays unread
	 * @throws IOException when reading fails
	 */
	static @Nullable String readLine(Reader reader, int maxChars) throws IOException {
		if (maxChars < 0) {
			throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
		}
		StringBuilder line = new StringBuilder(Math.min(maxChars + 1, INITIAL_CAPACITY));
		int c;
		while ((c = reader.read()) != -1) {
			if (c == '\n') {
				return withoutCarriageReturn(line);
			}
			boolean roomForCarriageReturn = line.length() == maxChars && c == '\r';
			if (line.length() >= maxChars && !roomForCarriageReturn) {
				throw new LineTooLongException(maxChars);
			}
			line.append((char) c);
		}
		return line.isEmpty() ? null : withoutCarriageReturn(line);
	}

	private static String withoutCarriageReturn(StringBuilder line) {
		int end = line.length();
		if (end > 0 && line.charAt(end - 1) == '\r') {
			line.setLength(end - 1);
		}
		return line.toString();
	}

}
