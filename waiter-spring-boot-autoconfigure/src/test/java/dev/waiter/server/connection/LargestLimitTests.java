package dev.waiter.server.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.waiter.ConnectionInput;
import dev.waiter.FrameTooLongException;
import dev.waiter.frame.Framing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code Integer.MAX_VALUE} as a limit means "no practical limit": delimited reads and
 * every framing cut the same frames as with any other limit, and what no Java array can
 * hold is refused with a clear exception instead of an overflow.
 */
class LargestLimitTests {

	private static final int MAX = Integer.MAX_VALUE;

	private static ConnectionInput input(String text, int bufferSize) {
		return SocketInputTests.input(text.getBytes(StandardCharsets.ISO_8859_1), bufferSize);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	@Test
	void readUntilWithTheLargestLimitEndsEachFrameAtItsDelimiter() throws IOException {
		for (int buffer = 2; buffer < 12; buffer++) {
			ConnectionInput input = input("ab;cd;;e;", buffer);
			assertThat(text(input.readUntil((byte) ';', MAX))).as("buffer " + buffer).isEqualTo("ab");
			assertThat(text(input.readUntil((byte) ';', MAX))).isEqualTo("cd");
			assertThat(text(input.readUntil((byte) ';', MAX))).isEmpty();
			assertThat(text(input.readUntil((byte) ';', MAX))).isEqualTo("e");
			assertThat(input.readUntil((byte) ';', MAX)).isNull();
		}
	}

	@Test
	void readLineWithTheLargestLimitEndsEachLineAtItsNewlineWhenItStartsWithAnEmptyBuffer() throws IOException {
		for (int buffer = 2; buffer < 40; buffer++) {
			ConnectionInput input = input("first\r\nsecond\nthird", buffer);
			assertThat(input.readLine(MAX)).as("buffer " + buffer).isEqualTo("first");
			assertThat(input.readLine(MAX)).isEqualTo("second");
			assertThat(input.readLine(MAX)).isEqualTo("third");
			assertThat(input.readLine(MAX)).isNull();
		}
	}

	@Test
	void lineFramingsWithTheLargestLimitReadEachLine() throws IOException {
		for (Framing framing : new Framing[] { Framing.lf(MAX), Framing.crlf(MAX) }) {
			ConnectionInput input = input("one\r\ntwo\n\nthree\n", 64);
			assertThat(text(framing.read(input))).isEqualTo("one");
			assertThat(text(framing.read(input))).isEqualTo("two");
			assertThat(text(framing.read(input))).isEmpty();
			assertThat(text(framing.read(input))).isEqualTo("three");
			assertThat(framing.read(input)).isNull();
			assertThat(framing.maxLength()).isEqualTo(MAX);
		}
	}

	@Test
	void delimiterAndStxEtxFramingsWithTheLargestLimitReadEachFrame() throws IOException {
		Framing delimiter = Framing.delimiter((byte) 0, MAX);
		ConnectionInput zeros = input("a\0bc\0", 64);
		assertThat(text(delimiter.read(zeros))).isEqualTo("a");
		assertThat(text(delimiter.read(zeros))).isEqualTo("bc");
		assertThat(delimiter.read(zeros)).isNull();
		Framing stxEtx = Framing.stxEtx(MAX);
		ConnectionInput framed = input("\u0002a\u0003\u0002bc\u0003", 64);
		assertThat(text(stxEtx.read(framed))).isEqualTo("a");
		assertThat(text(stxEtx.read(framed))).isEqualTo("bc");
		assertThat(stxEtx.read(framed)).isNull();
	}

	@Test
	void rawFramingWithTheLargestLimitReadsEverything() throws IOException {
		StringBuilder all = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			all.append((char) ('a' + i % 26));
		}
		assertThat(text(Framing.raw(MAX).read(input(all.toString(), 64)))).isEqualTo(all.toString());
	}

	@Test
	void aLengthPrefixedFrameNoArrayCanHoldIsRefusedAsTooLongWithTheLargestLimit() throws IOException {
		Framing framing = Framing.lengthPrefixed(4, false, MAX);
		assertThat(text(framing.read(input("\0\0\0\u0002ok", 64)))).isEqualTo("ok");
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> framing.read(input("\u007f\u00ff\u00ff\u00ff", 64)));
	}

	@Test
	void aFixedLengthNoArrayCanHoldIsRefusedWhenTheFramingIsCreated() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Framing.fixedLength(MAX))
			.withMessageContaining(Integer.toString(MAX));
	}

}
