package dev.waiter.server.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's {@code PrintWriter} keeps {@code PrintWriter}'s behaviour without its
 * lock: the same text for every method, a flush on println, printf and format only,
 * errors swallowed and reported, and no method left that would take the monitor.
 */
class ConnectionPrintWriterTests {

	@Test
	void everyPublicMethodOfPrintWriterIsOverriddenSoNoneTakesTheLock() {
		assertThat(Arrays.stream(PrintWriter.class.getDeclaredMethods())
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
					&& !method.isBridge() && !method.isSynthetic())
			.filter((method) -> !declaredByConnectionPrintWriter(method))
			.map(Method::toString)).as("PrintWriter methods not overridden on " + Runtime.version()).isEmpty();
	}

	private static boolean declaredByConnectionPrintWriter(Method method) {
		try {
			return ConnectionPrintWriter.class.getDeclaredMethod(method.getName(), method.getParameterTypes()) != null;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	@Test
	void everyMethodWritesWhatPrintWriterWrites() {
		Consumer<PrintWriter> calls = (writer) -> {
			writer.print(true);
			writer.print('c');
			writer.print(42);
			writer.print(43L);
			writer.print(1.5f);
			writer.print(2.5d);
			writer.print(new char[] { 'x', 'y' });
			writer.print("s\u00e9");
			writer.print((String) null);
			writer.print((Object) null);
			writer.print(Locale.ROOT);
			writer.println();
			writer.println(false);
			writer.println('d');
			writer.println(7);
			writer.println(8L);
			writer.println(0.25f);
			writer.println(0.125d);
			writer.println(new char[] { 'z' });
			writer.println("line \uD83D\uDE00");
			writer.println((Object) "object");
			writer.printf("%d-%s%n", 1, "a");
			writer.printf(Locale.GERMANY, "%.2f%n", 1.5d);
			writer.format("%x", 255);
			writer.format(Locale.FRANCE, "%,d", 1234567);
			writer.append("app").append("xappx", 1, 4).append('!').append(null).append(null, 0, 2);
			writer.write('w');
			writer.write(new char[] { 'a', 'b', 'c' });
			writer.write(new char[] { 'a', 'b', 'c' }, 1, 2);
			writer.write("string");
			writer.write("string", 2, 3);
			writer.flush();
		};
		ByteArrayOutputStream actual = new ByteArrayOutputStream();
		calls.accept(new ConnectionPrintWriter(new ConnectionWriter(actual, StandardCharsets.UTF_8, 16)));
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		calls.accept(new PrintWriter(new OutputStreamWriter(expected, StandardCharsets.UTF_8), true));
		assertThat(actual.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString(StandardCharsets.UTF_8));
	}

	@Test
	void printlnPrintfAndFormatFlushAndPrintAndWriteDoNot() {
		FlushCounter out = new FlushCounter();
		PrintWriter writer = new ConnectionPrintWriter(new ConnectionWriter(out, StandardCharsets.UTF_8, 16));
		writer.print("a");
		writer.write("b");
		writer.append('c');
		assertThat(out.flushes).isZero();
		writer.println("d");
		assertThat(out.flushes).isEqualTo(1);
		writer.printf("%s", "e");
		writer.format("%s", "f");
		assertThat(out.flushes).isEqualTo(3);
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abcd" + System.lineSeparator() + "ef");
	}

	@Test
	void aWriteFailureIsSwallowedReportedByCheckErrorAndKeptForTheOutcome() {
		IOException reset = new IOException("Connection reset");
		ConnectionWriter sink = new ConnectionWriter(new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				throw reset;
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				throw reset;
			}
		}, StandardCharsets.UTF_8, 16);
		PrintWriter writer = new ConnectionPrintWriter(sink);
		writer.println("lost");
		assertThat(writer.checkError()).isTrue();
		assertThat(sink.failure()).isSameAs(reset);
	}

	@Test
	void aWriteAfterCloseIsAnErrorAndAnInterruptedWriteReinterruptsTheThread() {
		PrintWriter closed = new ConnectionPrintWriter(
				new ConnectionWriter(new ByteArrayOutputStream(), StandardCharsets.UTF_8, 16));
		assertThat(closed.checkError()).isFalse();
		closed.close();
		closed.print("late");
		assertThat(closed.checkError()).isTrue();
		PrintWriter interrupted = new ConnectionPrintWriter(new ConnectionWriter(new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				throw new java.io.InterruptedIOException();
			}
		}, StandardCharsets.UTF_8, 16));
		try {
			interrupted.print("x");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(interrupted.checkError()).isFalse();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void aHighSurrogateLeftAtTheEndOfTheConnectionIsSentAsTheReplacementAsOutputStreamWriterClosesIt()
			throws IOException {
		ByteArrayOutputStream actual = new ByteArrayOutputStream();
		ConnectionPrintWriter writer = new ConnectionPrintWriter(
				new ConnectionWriter(actual, StandardCharsets.UTF_8, 16));
		writer.print("a\uD83D");
		writer.flush();
		assertThat(actual.toString(StandardCharsets.UTF_8)).isEqualTo("a");
		writer.finish();
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		try (OutputStreamWriter reference = new OutputStreamWriter(expected, StandardCharsets.UTF_8)) {
			reference.write("a\uD83D");
		}
		assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray()).containsExactly('a', '?');
		assertThat(writer.checkError()).isFalse();
	}

	/** Counts flushes. */
	private static final class FlushCounter extends ByteArrayOutputStream {

		int flushes;

		@Override
		public void flush() {
			this.flushes++;
		}

	}

}
