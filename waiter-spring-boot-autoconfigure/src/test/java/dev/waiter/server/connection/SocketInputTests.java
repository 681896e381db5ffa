package dev.waiter.server.connection;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import dev.waiter.FrameTooLongException;
import dev.waiter.LineTooLongException;
import dev.waiter.MalformedFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketInputTests {

	static SocketInput input(byte[] bytes, int bufferSize) {
		return input(new ByteArrayInputStream(bytes), bufferSize);
	}

	static SocketInput input(InputStream stream, int bufferSize) {
		return new SocketInput(() -> stream, StandardCharsets.UTF_8, bufferSize);
	}

	private static SocketInput input(String text, int bufferSize) {
		return input(text.getBytes(StandardCharsets.UTF_8), bufferSize);
	}

	@Test
	void linesEndAtNewlineAndLoseOneCarriageReturn() throws IOException {
		SocketInput input = input("one\r\ntwo\nthree", 3);
		assertThat(input.readLine(10)).isEqualTo("one");
		assertThat(input.readLine(10)).isEqualTo("two");
		assertThat(input.readLine(10)).isEqualTo("three");
		assertThat(input.readLine(10)).isNull();
	}

	@Test
	void anEmptyLineIsNotTheEndOfTheStream() throws IOException {
		SocketInput input = input("\r\n\n", 2);
		assertThat(input.readLine(10)).isEmpty();
		assertThat(input.readLine(10)).isEmpty();
		assertThat(input.readLine(10)).isNull();
	}

	@Test
	void aLineOfExactlyTheLimitIsAcceptedWithEitherTerminatorAcrossBufferBoundaries() throws IOException {
		for (int buffer = 2; buffer < 8; buffer++) {
			SocketInput input = input("abcd\r\nefgh\n", buffer);
			assertThat(input.readLine(4)).isEqualTo("abcd");
			assertThat(input.readLine(4)).isEqualTo("efgh");
		}
	}

	@Test
	void theLimitCountsBytesNotCharacters() throws IOException {
		SocketInput input = input("\u00e9\u00e9\n\u00e9\u00e9\u00e9\n", 16);
		assertThat(input.readLine(4)).isEqualTo("\u00e9\u00e9");
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(() -> input.readLine(4))
			.satisfies((ex) -> assertThat(ex.getMaxLength()).isEqualTo(4));
	}

	@Test
	void aLineOverTheLimitIsRefusedAndItsBytesFromTheLimitOnStayUnread() throws IOException {
		SocketInput input = input("abcdefgh\nnext\n", 3);
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(() -> input.readLine(4));
		assertThat((char) input.read()).isEqualTo('e');
		assertThat(input.readLine(10)).isEqualTo("fgh");
		assertThat(input.readLine(10)).isEqualTo("next");
	}

	@Test
	void aCarriageReturnInsideALineIsKept() throws IOException {
		assertThat(input("a\rb\n", 8).readLine(10)).isEqualTo("a\rb");
	}

	@Test
	void bytesAwaitedBeforeTheHandlerAreReadByItWholeThroughEveryApi() throws IOException {
		for (int buffer = 2; buffer < 12; buffer++) {
			SocketInput input = input("first line\nsecond\n", buffer);
			input.awaitInput();
			assertThat(input.count()).isPositive();
			assertThat(input.readLine(20)).isEqualTo("first line");
			assertThat(input.read()).isEqualTo('s');
			assertThat(input.readLine(20)).isEqualTo("econd");
			assertThat(input.readLine(20)).isNull();
		}
	}

	@Test
	void awaitingAnEndedStreamLeavesTheEndForTheHandler() throws IOException {
		SocketInput input = input("", 8);
		input.awaitInput();
		assertThat(input.isEndOfStream()).isTrue();
		assertThat(input.readLine(10)).isNull();
	}

	@Test
	void aReadFailureMetWhileAwaitingIsThrownByTheHandlersReads() {
		IOException reset = new IOException("Connection reset");
		SocketInput input = input(new InputStream() {
			@Override
			public int read() throws IOException {
				throw reset;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				throw reset;
			}
		}, 8);
		input.awaitInput();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> input.readLine(10)).isSameAs(reset);
		assertThatExceptionOfType(IOException.class).isThrownBy(input::read).isSameAs(reset);
	}

	@Test
	void aNegativeLimitIsAProgrammingError() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> input("x\n", 8).readLine(-1));
	}

	@Test
	void textAndBinaryReadsMixWithNoByteLostOrReadTwice() throws IOException {
		byte[] bytes = concat("*2\r\n$5\r\n".getBytes(StandardCharsets.US_ASCII), new byte[] { 0, 1, '\r', '\n', 2 },
				"\r\n".getBytes(StandardCharsets.US_ASCII), new byte[] { 0x12, 0x34, 0x56, 0x78, (byte) 0xff },
				"tail;rest".getBytes(StandardCharsets.US_ASCII));
		for (int buffer = 1; buffer < 12; buffer++) {
			SocketInput input = input(bytes, buffer);
			assertThat(input.readLine(16)).isEqualTo("*2");
			assertThat(input.readLine(16)).isEqualTo("$5");
			assertThat(input.readBytes(5)).containsExactly(0, 1, '\r', '\n', 2);
			assertThat(input.readUnsignedShort()).isEqualTo(0x0d0a);
			assertThat(input.readInt()).isEqualTo(0x12345678);
			assertThat(input.readUnsignedByte()).isEqualTo(0xff);
			assertThat(input.readUntil((byte) ';', 8)).containsExactly("tail".getBytes(StandardCharsets.US_ASCII));
			byte[] rest = new byte[4];
			input.readFully(rest);
			assertThat(rest).containsExactly("rest".getBytes(StandardCharsets.US_ASCII));
			assertThat(input.read()).isEqualTo(-1);
			assertThat(input.isEndOfStream()).isTrue();
		}
	}

	@Test
	void bufferedSaysWhetherTheNextRequestIsAlreadyHere() throws IOException {
		SocketInput input = input("PING\r\nPING\r\n", 64);
		assertThat(input.buffered()).isZero();
		assertThat(input.readLine(10)).isEqualTo("PING");
		assertThat(input.buffered()).isEqualTo(6);
		assertThat(input.readLine(10)).isEqualTo("PING");
		assertThat(input.buffered()).isZero();
	}

	@Test
	void aFrameOverItsLimitIsRefusedAfterAtMostTheLimitPlusOneBuffer() throws IOException {
		CountingStream endless = new CountingStream();
		SocketInput input = input(endless, 1024);
		assertThatExceptionOfType(FrameTooLongException.class).isThrownBy(() -> input.readUntil((byte) '\n', 10_000));
		assertThat(endless.served).isLessThanOrEqualTo(10_000 + 1024);
	}

	@Test
	void aStreamEndingInsideADelimitedFrameIsMalformedButALastLineIsReturned() throws IOException {
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> input("abc", 8).readUntil((byte) ';', 10));
		assertThat(input("abc", 8).readLine(10)).isEqualTo("abc");
	}

	@Test
	void exactReadsPastTheEndOfTheStreamThrowEndOfFile() {
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> input("abc", 8).readBytes(4));
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> input("abc", 8).readInt());
	}

	static byte[] concat(byte[]... parts) {
		java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	/** An endless stream of 'x' that counts what it served. */
	private static final class CountingStream extends InputStream {

		long served;

		@Override
		public int read() {
			this.served++;
			return 'x';
		}

		@Override
		public int read(byte[] target, int offset, int length) {
			java.util.Arrays.fill(target, offset, offset + length, (byte) 'x');
			this.served += length;
			return length;
		}

	}

	@Test
	void aConnectionWaitingForSmallRequestsHoldsASmallBufferAndOneReceivingMoreGrowsItToTheFullSize() throws Exception {
		SocketInput small = input("ping\npong\n", 2048);
		assertThat(small.capacity()).isZero();
		assertThat(small.readLine(100)).isEqualTo("ping");
		assertThat(small.readLine(100)).isEqualTo("pong");
		assertThat(small.capacity()).isEqualTo(SocketInput.INITIAL_BUFFER_SIZE);
		byte[] big = new byte[10_000];
		java.util.Arrays.fill(big, (byte) 'x');
		big[big.length - 1] = '\n';
		SocketInput large = input(big, 2048);
		assertThat(large.readLine(20_000)).hasSize(9_999);
		assertThat(large.capacity()).isEqualTo(2048);
	}

}
