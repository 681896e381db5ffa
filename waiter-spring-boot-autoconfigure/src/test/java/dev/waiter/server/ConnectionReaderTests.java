package dev.waiter.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionReaderTests {

	private static ConnectionReader reader(String text, int bufferSize) {
		return new ConnectionReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, bufferSize);
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
		assertThat(reader.readLine()).isEqualTo("6789");
		assertThat(reader.markSupported()).isFalse();
	}

}
