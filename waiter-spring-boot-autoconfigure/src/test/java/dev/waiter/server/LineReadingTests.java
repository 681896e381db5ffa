package dev.waiter.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

import dev.waiter.LineTooLongException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LineReadingTests {

	@Test
	void linesEndAtNewlineAndLoseTheirCarriageReturn() throws IOException {
		BufferedReader reader = new BufferedReader(new StringReader("one\r\ntwo\nthree"));
		assertThat(LineReading.readLine(reader, 10)).isEqualTo("one");
		assertThat(LineReading.readLine(reader, 10)).isEqualTo("two");
		assertThat(LineReading.readLine(reader, 10)).isEqualTo("three");
		assertThat(LineReading.readLine(reader, 10)).isNull();
	}

	@Test
	void anEmptyLineIsNotTheEndOfTheStream() throws IOException {
		BufferedReader reader = new BufferedReader(new StringReader("\r\n\n"));
		assertThat(LineReading.readLine(reader, 10)).isEmpty();
		assertThat(LineReading.readLine(reader, 10)).isEmpty();
		assertThat(LineReading.readLine(reader, 10)).isNull();
	}

	@Test
	void aLineOfExactlyTheLimitIsAcceptedWithEitherTerminator() throws IOException {
		BufferedReader reader = new BufferedReader(new StringReader("abcd\r\nefgh\n"));
		assertThat(LineReading.readLine(reader, 4)).isEqualTo("abcd");
		assertThat(LineReading.readLine(reader, 4)).isEqualTo("efgh");
	}

	@Test
	void aLineOverTheLimitIsRefusedAfterReadingOnlyOneCharacterPastIt() throws IOException {
		CountingReader source = new CountingReader("abcdefgh\n");
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(() -> LineReading.readLine(source, 4))
			.satisfies((ex) -> assertThat(ex.getMaxChars()).isEqualTo(4));
		assertThat(source.read).isEqualTo(5);
	}

	@Test
	void aCarriageReturnInsideALineIsKept() throws IOException {
		BufferedReader reader = new BufferedReader(new StringReader("a\rb\n"));
		assertThat(LineReading.readLine(reader, 10)).isEqualTo("a\rb");
	}

	@Test
	void aNegativeLimitIsAProgrammingError() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> LineReading.readLine(new StringReader("x\n"), -1));
	}

	private static final class CountingReader extends Reader {

		private final String text;

		int read;

		CountingReader(String text) {
			this.text = text;
		}

		@Override
		public int read() {
			return (this.read < this.text.length()) ? this.text.charAt(this.read++) : -1;
		}

		@Override
		public int read(char[] buffer, int off, int len) {
			int c = read();
			if (c < 0) {
				return -1;
			}
			buffer[off] = (char) c;
			return 1;
		}

		@Override
		public void close() {
		}

	}

}
