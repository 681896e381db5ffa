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

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder("\"");
		text.chars().forEach((c) -> escaped.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", c) : (char) c));
		return escaped.append('"').toString();
	}

}
