package dev.waiter.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.waiter.LineTooLongException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConnectionReaderTests {

	private static ConnectionReader reader(String text, int bufferSize) {
		return new ConnectionReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, bufferSize);
	}

	@Test
	void boundedLinesEndAtNewlineAndLoseTheirCarriageReturn() throws IOException {
		ConnectionReader reader = reader("one\r\ntwo\nthree", 3);
		assertThat(reader.readLine(10)).isEqualTo("one");
		assertThat(reader.readLine(10)).isEqualTo("two");
		assertThat(reader.readLine(10)).isEqualTo("three");
		assertThat(reader.readLine(10)).isNull();
	}

	@Test
	void anEmptyLineIsNotTheEndOfTheStream() throws IOException {
		ConnectionReader reader = reader("\r\n\n", 2);
		assertThat(reader.readLine(10)).isEmpty();
		assertThat(reader.readLine(10)).isEmpty();
		assertThat(reader.readLine(10)).isNull();
	}

	@Test
	void aLineOfExactlyTheLimitIsAcceptedWithEitherTerminator() throws IOException {
		ConnectionReader reader = reader("abcd\r\nefgh\n", 5);
		assertThat(reader.readLine(4)).isEqualTo("abcd");
		assertThat(reader.readLine(4)).isEqualTo("efgh");
	}

	@Test
	void aLineOverTheLimitIsRefusedAndItsRestStaysUnread() throws IOException {
		ConnectionReader reader = reader("abcdefgh\nnext\n", 3);
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(() -> reader.readLine(4))
			.satisfies((ex) -> assertThat(ex.getMaxChars()).isEqualTo(4));
		assertThat((char) reader.read()).isEqualTo('e');
		assertThat(reader.readLine(10)).isEqualTo("fgh");
		assertThat(reader.readLine(10)).isEqualTo("next");
	}

	@Test
	void aCarriageReturnInsideALineIsKept() throws IOException {
		assertThat(reader("a\rb\n", 8).readLine(10)).isEqualTo("a\rb");
	}

	@Test
	void aNegativeLimitIsAProgrammingError() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> reader("x\n", 8).readLine(-1));
	}

	@Test
	void theUnboundedReadLineFollowsBufferedReaderOnEveryTerminator() throws IOException {
		ConnectionReader reader = reader("a\rb\r\nc\nd", 2);
		assertThat(reader.readLine()).isEqualTo("a");
		assertThat(reader.readLine()).isEqualTo("b");
		assertThat(reader.readLine()).isEqualTo("c");
		assertThat(reader.readLine()).isEqualTo("d");
		assertThat(reader.readLine()).isNull();
	}

	@Test
	void aLineFeedAfterACarriageReturnEndingALineIsNotReadAgain() throws IOException {
		ConnectionReader reader = reader("a\r\nb", 2);
		assertThat(reader.readLine()).isEqualTo("a");
		assertThat(reader.read()).isEqualTo('b');
		assertThat(reader.read()).isEqualTo(-1);
	}

	@Test
	void bulkReadsSkipAndReadyUseTheSameBuffer() throws IOException {
		ConnectionReader reader = reader("0123456789", 4);
		assertThat(reader.read()).isEqualTo('0');
		char[] chunk = new char[10];
		int read = reader.read(chunk, 0, 3);
		assertThat(new String(chunk, 0, read)).isEqualTo("123");
		assertThat(reader.skip(2)).isEqualTo(2);
		assertThat(reader.ready()).isTrue();
		assertThat(reader.readLine(20)).isEqualTo("6789");
		assertThat(reader.markSupported()).isFalse();
	}

}
