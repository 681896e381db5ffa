package dev.waiter.server.connection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
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

	@Test
	void aLineFeedAfterACarriageReturnEndingALineIsNotReadyInput() throws IOException {
		ConnectionReader reader = new ConnectionReader(new Arrivals("a\r\n"), StandardCharsets.UTF_8, 16);
		assertThat(reader.readLine()).isEqualTo("a");
		assertThat(reader.ready()).as("only the line feed of the \\r\\n is here").isFalse();
	}

	@Test
	void aLineFeedArrivingAfterTheCarriageReturnIsSkippedByReady() throws IOException {
		Arrivals arrivals = new Arrivals("a\r");
		ConnectionReader reader = new ConnectionReader(arrivals, StandardCharsets.UTF_8, 16);
		assertThat(reader.readLine()).isEqualTo("a");
		assertThat(reader.ready()).isFalse();
		arrivals.arrive("\n");
		assertThat(reader.ready()).as("only the line feed of the \\r\\n is here").isFalse();
		arrivals.arrive("b");
		assertThat(reader.ready()).isTrue();
		assertThat(reader.read()).isEqualTo('b');
		assertThat(reader.ready()).isFalse();
	}

	@Test
	void whatFollowsTheLineFeedIsReady() throws IOException {
		ConnectionReader reader = new ConnectionReader(new Arrivals("a\r\nb"), StandardCharsets.UTF_8, 16);
		assertThat(reader.readLine()).isEqualTo("a");
		assertThat(reader.ready()).isTrue();
		assertThat(reader.read()).isEqualTo('b');
	}

	/**
	 * Bytes that have arrived, as a socket's: {@code available()} counts them, and a read
	 * with none left would block, so it fails the test instead.
	 */
	private static final class Arrivals extends InputStream {

		private final Deque<byte[]> arrived = new ArrayDeque<>();

		Arrivals(String first) {
			arrive(first);
		}

		void arrive(String text) {
			this.arrived.add(text.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public int available() {
			return this.arrived.stream().mapToInt((bytes) -> bytes.length).sum();
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			byte[] next = this.arrived.poll();
			if (next == null) {
				throw new AssertionError("this read would block: no byte has arrived");
			}
			int count = Math.min(length, next.length);
			System.arraycopy(next, 0, target, offset, count);
			if (count < next.length) {
				this.arrived.addFirst(java.util.Arrays.copyOfRange(next, count, next.length));
			}
			return count;
		}

	}

}
