package dev.waiter.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.waiter.LineTooLongException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fuzzes {@link ConnectionReader#readLine(int)} with random text, limits and buffer sizes against a plain model:
 * split on newlines, drop one carriage return before each, refuse what is longer. Seeded,
 * so a failure names the input that reproduces it; bounded to a fixed number of cases.
 */
class ConnectionReaderFuzzTests {

	private static final char[] ALPHABET = { 'a', 'b', '\r', '\n', '\0', '\u00e9', '\uffff', ' ' };

	private static final int CASES = 50_000;

	@Test
	void readLineAgreesWithASimpleModelOnFiftyThousandRandomInputs() throws IOException {
		SplittableRandom random = new SplittableRandom(20261124L);
		for (int i = 0; i < CASES; i++) {
			char[] text = new char[random.nextInt(200)];
			for (int j = 0; j < text.length; j++) {
				text[j] = ALPHABET[random.nextInt(ALPHABET.length)];
			}
			check(new String(text), random.nextInt(41), 16 + random.nextInt(32));
		}
	}

	@Test
	void theUnboundedReadLineAgreesWithBufferedReaderOnTwentyThousandRandomInputs() throws IOException {
		SplittableRandom random = new SplittableRandom(4242L);
		for (int i = 0; i < 20_000; i++) {
			char[] text = new char[random.nextInt(100)];
			for (int j = 0; j < text.length; j++) {
				text[j] = ALPHABET[random.nextInt(ALPHABET.length)];
			}
			String input = new String(text);
			int bufferSize = 16 + random.nextInt(32);
			java.io.BufferedReader expected = new java.io.BufferedReader(new StringReader(input));
			ConnectionReader actual = new ConnectionReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, bufferSize);
			String line;
			do {
				line = expected.readLine();
				assertThat(actual.readLine()).as(escape(input) + " with buffer " + bufferSize).isEqualTo(line);
			}
			while (line != null);
		}
	}

	/** Pieces of UTF-8 input: text, terminators, a surrogate pair's four bytes, and malformed bytes. */
	private static final byte[][] BYTE_PIECES = { bytes("a"), bytes("b"), bytes("\r"), bytes("\n"), bytes("\u00e9"),
			bytes("\u20ac"), bytes("\ud83d\ude00"), { (byte) 0x80 }, { (byte) 0xe2, (byte) 0x82 }, { (byte) 0xff },
			{ (byte) 0xf0, (byte) 0x9f } };

	@Test
	void readLineAgreesWithAModelOnRandomBytesArrivingInShortReadsAndGoesOnAfterEveryRefusedLine() throws IOException {
		SplittableRandom random = new SplittableRandom(20261128L);
		for (int i = 0; i < CASES; i++) {
			java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
			for (int j = random.nextInt(60); j > 0; j--) {
				input.writeBytes(BYTE_PIECES[random.nextInt(BYTE_PIECES.length)]);
			}
			checkBytes(input.toByteArray(), 1 + random.nextInt(12), 16 + random.nextInt(32), random.split());
		}
	}

	/**
	 * The model decodes the whole input at once (malformed bytes become U+FFFD, as the
	 * reader's decoder does), then takes lines in order; a refused line leaves what the
	 * reader documents unread: everything after {@code maxChars} characters (or one more
	 * when that character is the carriage return of a CRLF that did not follow).
	 */
	private static void checkBytes(byte[] input, int maxChars, int bufferSize, SplittableRandom random)
			throws IOException {
		String text = new String(input, StandardCharsets.UTF_8);
		String described = "bytes " + java.util.HexFormat.of().formatHex(input) + " with maxChars " + maxChars
				+ " and buffer " + bufferSize;
		ConnectionReader reader = new ConnectionReader(new ShortReads(input, random), StandardCharsets.UTF_8,
				bufferSize);
		int offset = 0;
		for (int step = 0; step <= text.length() + 1; step++) {
			if (offset >= text.length()) {
				assertThat(reader.readLine(maxChars)).as(described).isNull();
				return;
			}
			int newline = text.indexOf('\n', offset);
			String raw = (newline >= 0) ? text.substring(offset, newline) : text.substring(offset);
			String line = stripCarriageReturn(raw);
			if (line.length() > maxChars) {
				try {
					String passed = reader.readLine(maxChars);
					fail("a line of " + line.length() + " characters passed as " + escape(passed) + ": " + described);
				}
				catch (LineTooLongException ex) {
					offset += (raw.charAt(maxChars) == '\r') ? maxChars + 1 : maxChars;
				}
			}
			else {
				assertThat(reader.readLine(maxChars)).as(described).isEqualTo(line);
				offset = (newline >= 0) ? newline + 1 : text.length();
			}
		}
		fail("the reader did not reach the end: " + described);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Hands out its bytes a few at a time, as a socket does. */
	private static final class ShortReads extends java.io.InputStream {

		private final byte[] bytes;

		private final SplittableRandom random;

		private int position;

		ShortReads(byte[] bytes, SplittableRandom random) {
			this.bytes = bytes;
			this.random = random;
		}

		@Override
		public int read() {
			return (this.position < this.bytes.length) ? this.bytes[this.position++] & 0xff : -1;
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			if (this.position >= this.bytes.length) {
				return -1;
			}
			int count = Math.min(Math.min(length, 1 + this.random.nextInt(5)), this.bytes.length - this.position);
			System.arraycopy(this.bytes, this.position, target, offset, count);
			this.position += count;
			return count;
		}

	}

	private static void check(String input, int maxChars, int bufferSize) throws IOException {
		String described = "input " + escape(input) + " with maxChars " + maxChars + " and buffer " + bufferSize;
		ConnectionReader reader = new ConnectionReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, bufferSize);
		for (String line : model(input)) {
			if (line.length() > maxChars) {
				try {
					reader.readLine(maxChars);
					fail("a line of " + line.length() + " characters passed: " + described);
				}
				catch (LineTooLongException ex) {
					return;
				}
			}
			assertThat(reader.readLine(maxChars)).as(described).isEqualTo(line);
		}
		assertThat(reader.readLine(maxChars)).as(described).isNull();
	}

	private static List<String> model(String input) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < input.length(); i++) {
			if (input.charAt(i) == '\n') {
				lines.add(stripCarriageReturn(input.substring(start, i)));
				start = i + 1;
			}
		}
		if (start < input.length()) {
			lines.add(stripCarriageReturn(input.substring(start)));
		}
		return lines;
	}

	private static String stripCarriageReturn(String line) {
		return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
	}

	private static String escape(@org.jspecify.annotations.Nullable String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder escaped = new StringBuilder("\"");
		text.chars().forEach((c) -> escaped.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", c) : (char) c));
		return escaped.append('"').toString();
	}

}
