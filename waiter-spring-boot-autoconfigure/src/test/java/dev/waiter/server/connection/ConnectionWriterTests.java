package dev.waiter.server.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's encoder against {@code OutputStreamWriter}, which is what it replaces:
 * the same calls give the same bytes, surrogate pairs split across calls included.
 */
class ConnectionWriterTests {

	/** Text, supplementary characters (two chars each), and lone surrogates. */
	private static final String[] PIECES = { "a", "\u00e9", "\u20ac", "\n", "\uD83D\uDE00", "\uD800\uDC00",
			"\uDBFF\uDFFF", "\uD83D", "\uDE00", "xyz" };

	@Test
	void textLongerThanTheBufferIsEncodedWholeAndInOrder() throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 3000; i++) {
			text.append(i % 7 == 0 ? 'é' : (char) ('a' + i % 26));
		}
		text.append("\uD83D\uDE00");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ConnectionWriter writer = new ConnectionWriter(out, StandardCharsets.UTF_8, 64);
		writer.write(text.toString());
		writer.write('!');
		writer.write(new char[] { 'x', 'y' }, 0, 2);
		writer.flush();
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text + "!xy");
	}

	@Test
	void aSurrogatePairAcrossTheChunkBoundaryStaysWhole() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ConnectionWriter writer = new ConnectionWriter(out, StandardCharsets.UTF_8, 16);
		String text = "0123456789abcde\uD83D\uDE00tail";
		writer.write(text);
		writer.flush();
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text);
	}

	@Test
	void everyWriteIsHandedToTheConnectionsOutputAtOnceSoTextKeepsItsOrderWithBytesWrittenDirectly() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintWriter writer = new PrintWriter(new ConnectionWriter(out, StandardCharsets.ISO_8859_1, 1024), true);
		writer.print("text ");
		out.write('|');
		writer.println("ça");
		assertThat(out.toByteArray()).containsExactly("text |\u00e7a".concat(System.lineSeparator())
			.getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void charactersTheCharsetCannotEncodeAreReplaced() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ConnectionWriter writer = new ConnectionWriter(out, StandardCharsets.US_ASCII, 16);
		writer.write("a€b");
		writer.flush();
		assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("a?b");
	}

	@Test
	void aSurrogatePairSplitAcrossTwoWriteCallsIsEncodedWhole() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ConnectionWriter writer = new ConnectionWriter(out, StandardCharsets.UTF_8, 16);
		writer.write("ab\uD83D");
		writer.write("\uDE00c");
		writer.write('\uD83D');
		writer.write('\uDE01');
		writer.write(new char[] { 'd', '\uD83D' }, 0, 2);
		writer.write(new char[] { '\uDE02' }, 0, 1);
		writer.flush();
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ab\uD83D\uDE00c\uD83D\uDE01d\uD83D\uDE02");
	}

	@Test
	void writingOneCharAtATimeGivesTheBytesOfOutputStreamWriter() throws IOException {
		String text = "emoji \uD83D\uDE00\uD83D\uDE01 and \uD800\uDC00 then \uDBFF\uDFFF, a lone \uD83D! and \uDE00.";
		for (Charset charset : new Charset[] { StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
				StandardCharsets.US_ASCII }) {
			Compared both = new Compared(charset, 16);
			for (int i = 0; i < text.length(); i++) {
				both.write(text.charAt(i));
			}
			both.flush();
			both.assertSameBytes(charset + " after flush");
			both.close();
			both.assertSameBytes(charset + " after close");
		}
	}

	@Test
	void printingSingleCharStringsThroughThePrintWriterGivesTheBytesOfOutputStreamWriter() {
		String text = "\uD83D\uDE00x\uD83D\uDE01\uD83D";
		ByteArrayOutputStream actual = new ByteArrayOutputStream();
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		PrintWriter connection = new ConnectionPrintWriter(new ConnectionWriter(actual, StandardCharsets.UTF_8, 16));
		PrintWriter reference = new PrintWriter(new OutputStreamWriter(expected, StandardCharsets.UTF_8), true);
		for (int i = 0; i < text.length(); i++) {
			connection.print(String.valueOf(text.charAt(i)));
			reference.print(String.valueOf(text.charAt(i)));
		}
		connection.println("\uDE02");
		reference.println("\uDE02");
		assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
		connection.close();
		reference.close();
		assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
	}

	@Test
	void textWithSupplementaryCharactersSplitAtRandomAcrossEveryWriteMethodGivesTheBytesOfOutputStreamWriter()
			throws IOException {
		SplittableRandom random = new SplittableRandom(20260104L);
		for (int i = 0; i < 2000; i++) {
			StringBuilder built = new StringBuilder();
			for (int j = random.nextInt(80); j > 0; j--) {
				built.append(PIECES[random.nextInt(PIECES.length)]);
			}
			String text = built.toString();
			Compared both = new Compared(StandardCharsets.UTF_8, 16 + random.nextInt(48));
			for (int from = 0; from < text.length();) {
				int to = Math.min(text.length(), from + 1 + random.nextInt(40));
				String piece = text.substring(from, to);
				switch (random.nextInt(4)) {
					case 0 -> both.write(piece);
					case 1 -> both.write(piece.toCharArray());
					case 2 -> {
						String padded = "<" + piece + ">";
						both.write(padded, 1, piece.length());
					}
					default -> {
						for (int k = 0; k < piece.length(); k++) {
							both.write(piece.charAt(k));
						}
					}
				}
				from = to;
			}
			String described = escape(text);
			both.flush();
			both.assertSameBytes(described + " after flush");
			both.close();
			both.assertSameBytes(described + " after close");
		}
	}

	/** The same calls on the connection's writer and on an {@code OutputStreamWriter}. */
	private static final class Compared {

		private final ByteArrayOutputStream actualBytes = new ByteArrayOutputStream();

		private final ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();

		private final Writer actual;

		private final Writer expected;

		Compared(Charset charset, int bufferSize) {
			this.actual = new ConnectionWriter(this.actualBytes, charset, bufferSize);
			this.expected = new OutputStreamWriter(this.expectedBytes, charset);
		}

		void write(int c) throws IOException {
			this.actual.write(c);
			this.expected.write(c);
		}

		void write(String text) throws IOException {
			this.actual.write(text);
			this.expected.write(text);
		}

		void write(String text, int offset, int length) throws IOException {
			this.actual.write(text, offset, length);
			this.expected.write(text, offset, length);
		}

		void write(char[] chars) throws IOException {
			this.actual.write(chars, 0, chars.length);
			this.expected.write(chars, 0, chars.length);
		}

		void flush() throws IOException {
			this.actual.flush();
			this.expected.flush();
		}

		void close() throws IOException {
			this.actual.close();
			this.expected.close();
		}

		void assertSameBytes(String described) {
			assertThat(this.actualBytes.toByteArray()).as(described).isEqualTo(this.expectedBytes.toByteArray());
		}

	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder("\"");
		text.chars().forEach((c) -> escaped.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", c) : (char) c));
		return escaped.append('"').toString();
	}

}
