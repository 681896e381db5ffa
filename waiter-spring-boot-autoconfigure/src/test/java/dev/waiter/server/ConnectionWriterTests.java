package dev.waiter.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionWriterTests {

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

}
