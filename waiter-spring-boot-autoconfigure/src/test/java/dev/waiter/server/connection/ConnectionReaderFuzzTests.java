package dev.waiter.server.connection;

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
 * Fuzzes the connection's line reading against plain models: {@link SocketInput#readLine(int)}
 * on random bytes arriving in short reads (split on newlines, drop one carriage return,
 * refuse what is longer and read on), its mixed reads against the bytes themselves, and
 * {@link ConnectionReader} against {@code BufferedReader}, over a {@code StringReader} and
 * over an {@code InputStreamReader} fed the same UTF-8 bytes (four-byte characters,
 * malformed bytes) in short reads that split multi-byte sequences. Seeded, so a failure
 * names the input that reproduces it; bounded to a fixed number of cases.
 */
class ConnectionReaderFuzzTests {

	private static final char[] ALPHABET = { 'a', 'b', '\r', '\n', '\0', '\u00e9', '\uffff', ' ' };

	private static final int CASES = 50_000;

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

	/**
	 * Pieces of UTF-8 text for the connection's reader: one- to four-byte characters (the
	 * four-byte ones decode to a surrogate pair), terminators, and malformed bytes.
	 */
	private static final byte[][] TEXT_PIECES = { bytes("a"), bytes("xyz"), bytes("\r"), bytes("\n"), bytes("\r\n"),
			bytes("\u00e9"), bytes("\u20ac"), bytes("\ud83d\ude00"), bytes("\ud800\udc00"), bytes("\udbff\udfff"),
			bytes("\ud83d\ude00\ud83d\ude01"), { (byte) 0x80 }, { (byte) 0xf0, (byte) 0x9f }, { (byte) 0xff },
			{ (byte) 0xed, (byte) 0xa0, (byte) 0x80 } };

	@Test
	void theReaderAgreesWithBufferedReaderOverInputStreamReaderOnSupplementaryTextArrivingInShortReads()
			throws IOException {
		SplittableRandom random = new SplittableRandom(8675309L);
		for (int i = 0; i < 20_000; i++) {
			java.io.ByteArrayOutputStream built = new java.io.ByteArrayOutputStream();
			for (int j = random.nextInt(80); j > 0; j--) {
				built.writeBytes(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
			}
			byte[] input = built.toByteArray();
			int bufferSize = 16 + random.nextInt(32);
			int longestRead = 1 + random.nextInt(7);
			boolean throughSocketInput = random.nextBoolean();
			String described = "bytes " + java.util.HexFormat.of().formatHex(input) + " with buffer " + bufferSize
					+ ", reads of 1 to " + longestRead + " bytes" + (throughSocketInput ? " through SocketInput" : "");
			java.io.InputStream stream = new ShortReads(input, random.split(), longestRead);
			ConnectionReader actual = new ConnectionReader(
					throughSocketInput ? SocketInputTests.input(stream, 2 + random.nextInt(20)) : stream,
					StandardCharsets.UTF_8, bufferSize);
			java.io.BufferedReader expected = new java.io.BufferedReader(new java.io.InputStreamReader(
					new ShortReads(input, random.split(), longestRead), StandardCharsets.UTF_8));
			compareReads(actual, expected, random.split(), input.length, described);
		}
	}

	/**
	 * Reads both to their end with the same random calls; a bulk read takes what the
	 * connection's reader returns and reads as many chars from the reference.
	 */
	private static void compareReads(ConnectionReader actual, java.io.BufferedReader expected, SplittableRandom random,
			int bytes, String described) throws IOException {
		for (int step = 0; step < 4 * bytes + 64; step++) {
			switch (random.nextInt(4)) {
				case 0 -> {
					String line = expected.readLine();
					assertThat(actual.readLine()).as(described).isEqualTo(line);
					if (line == null) {
						return;
					}
				}
				case 1 -> {
					int c = expected.read();
					assertThat(actual.read()).as(described).isEqualTo(c);
					if (c < 0) {
						return;
					}
				}
				case 2 -> {
					char[] got = new char[1 + random.nextInt(10)];
					int n = actual.read(got, 0, got.length);
					if (n < 0) {
						assertThat(expected.read()).as(described).isEqualTo(-1);
						return;
					}
					char[] wanted = new char[n];
					int filled = 0;
					while (filled < n) {
						int m = expected.read(wanted, filled, n - filled);
						assertThat(m).as(described + ": the reference ended first").isPositive();
						filled += m;
					}
					assertThat(new String(got, 0, n)).as(described).isEqualTo(new String(wanted));
				}
				default -> {
					long n = random.nextInt(6);
					assertThat(actual.skip(n)).as(described).isEqualTo(expected.skip(n));
				}
			}
		}
		fail("the readers did not reach the end: " + described);
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
	 * The model splits the bytes on {@code \n}, drops one {@code \r} before it, decodes
	 * each line (malformed bytes become U+FFFD); a refused line leaves its bytes from
	 * {@code maxBytes} on unread, so reading goes on from there.
	 */
	private static void checkBytes(byte[] input, int maxBytes, int bufferSize, SplittableRandom random)
			throws IOException {
		String described = "bytes " + java.util.HexFormat.of().formatHex(input) + " with maxBytes " + maxBytes
				+ " and buffer " + bufferSize;
		SocketInput reader = SocketInputTests.input(new ShortReads(input, random), bufferSize);
		int offset = 0;
		for (int step = 0; step <= input.length + 1; step++) {
			if (offset >= input.length) {
				assertThat(reader.readLine(maxBytes)).as(described).isNull();
				return;
			}
			int newline = indexOf(input, (byte) '\n', offset);
			int end = (newline >= 0) ? newline : input.length;
			int contentEnd = (end > offset && input[end - 1] == '\r') ? end - 1 : end;
			if (contentEnd - offset > maxBytes) {
				try {
					String passed = reader.readLine(maxBytes);
					fail("a line of " + (contentEnd - offset) + " bytes passed as " + escape(passed) + ": " + described);
				}
				catch (LineTooLongException ex) {
					offset += maxBytes;
				}
			}
			else {
				String line = new String(input, offset, contentEnd - offset, StandardCharsets.UTF_8);
				assertThat(reader.readLine(maxBytes)).as(described).isEqualTo(line);
				offset = (newline >= 0) ? newline + 1 : input.length;
			}
		}
		fail("the reader did not reach the end: " + described);
	}

	private static int indexOf(byte[] bytes, byte value, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void mixedReadsAgreeWithTheBytesOnFiftyThousandRandomSequencesOfCalls() throws IOException {
		SplittableRandom random = new SplittableRandom(31337L);
		for (int i = 0; i < CASES; i++) {
			byte[] input = new byte[random.nextInt(120)];
			for (int j = 0; j < input.length; j++) {
				input[j] = (byte) "ab;\r\n\u0000\u00ff".charAt(random.nextInt(7));
			}
			int bufferSize = 2 + random.nextInt(20);
			SocketInput reader = SocketInputTests.input(new ShortReads(input, random.split()), bufferSize);
			String described = java.util.HexFormat.of().formatHex(input) + " with buffer " + bufferSize;
			int offset = 0;
			while (offset < input.length) {
				int left = input.length - offset;
				switch (random.nextInt(4)) {
					case 0 -> {
						assertThat(reader.read()).as(described).isEqualTo(input[offset] & 0xff);
						offset++;
					}
					case 1 -> {
						int n = random.nextInt(left + 1);
						assertThat(reader.readBytes(n)).as(described)
							.containsExactly(java.util.Arrays.copyOfRange(input, offset, offset + n));
						offset += n;
					}
					case 2 -> {
						int semicolon = indexOf(input, (byte) ';', offset);
						if (semicolon < 0) {
							continue;
						}
						assertThat(reader.readUntil((byte) ';', input.length)).as(described)
							.containsExactly(java.util.Arrays.copyOfRange(input, offset, semicolon));
						offset = semicolon + 1;
					}
					default -> {
						int n = random.nextInt(left + 1);
						byte[] target = new byte[n];
						int got = reader.read(target, 0, n);
						if (n == 0) {
							assertThat(got).isZero();
						}
						else {
							assertThat(got).as(described).isBetween(1, n);
							assertThat(java.util.Arrays.copyOf(target, got)).as(described)
								.containsExactly(java.util.Arrays.copyOfRange(input, offset, offset + got));
							offset += got;
						}
					}
				}
			}
			assertThat(reader.read()).as(described).isEqualTo(-1);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Hands out its bytes a few at a time, as a socket does. */
	private static final class ShortReads extends java.io.InputStream {

		private final byte[] bytes;

		private final SplittableRandom random;

		private final int longestRead;

		private int position;

		ShortReads(byte[] bytes, SplittableRandom random) {
			this(bytes, random, 5);
		}

		ShortReads(byte[] bytes, SplittableRandom random, int longestRead) {
			this.bytes = bytes;
			this.random = random;
			this.longestRead = longestRead;
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
			int count = Math.min(Math.min(length, 1 + this.random.nextInt(this.longestRead)), this.bytes.length - this.position);
			System.arraycopy(this.bytes, this.position, target, offset, count);
			this.position += count;
			return count;
		}

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
