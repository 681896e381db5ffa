package dev.waiter.frame;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.waiter.FrameTooLongException;
import dev.waiter.MalformedFrameException;
import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.actuate.WaiterMeters;
import dev.waiter.actuate.WaiterMetricsAutoConfiguration;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames over real sockets: every framing echoes pipelined frames, an oversized or
 * malformed frame ends only its connection (outcome ERROR, counted), and bad frame
 * properties stop start-up naming the property.
 */
class FramesTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	/** Echoes every frame back with the server's framing. */
	private static void echoFrames(dev.waiter.WaiterConnection connection) throws IOException {
		byte[] frame;
		while ((frame = connection.readFrame()) != null) {
			connection.writeFrame(frame);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "lf|waiter.frame.type=lf", "crlf|waiter.frame.type=crlf",
			"delimiter|waiter.frame.type=delimiter,waiter.frame.delimiter=0",
			"stx-etx|waiter.frame.type=stx-etx",
			"length-prefixed 1|waiter.frame.type=length-prefixed,waiter.frame.length-header-size=1",
			"length-prefixed 2 with header|waiter.frame.type=length-prefixed,waiter.frame.length-header-size=2,waiter.frame.length-includes-header=true",
			"length-prefixed 4|waiter.frame.type=length-prefixed",
			"fixed-length|waiter.frame.type=fixed-length,waiter.frame.fixed-length=5" })
	void pipelinedFramesAreEchoedInOrderWithEveryFraming(String name, String properties) {
		this.contextRunner.withPropertyValues(properties.split(",")).run((context) -> {
			context.getBean(TestHandler.class).set(FramesTests::echoFrames);
			Framing framing = context.getBean(dev.waiter.server.WaiterServer.class).getSettings().getFraming();
			List<byte[]> frames = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				frames.add(String.format("f%04d", i).getBytes(StandardCharsets.US_ASCII));
			}
			try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
				ByteArrayOutputStream all = new ByteArrayOutputStream();
				for (byte[] frame : frames) {
					all.writeBytes(encode(framing, frame));
				}
				client.getOutputStream().write(all.toByteArray());
				byte[] expected = all.toByteArray();
				byte[] echoed = new DataInputStream(client.getInputStream()).readNBytes(expected.length);
				assertThat(echoed).isEqualTo(expected);
			}
		});
	}

	/** The bytes a framing writes for one payload, made by the framing itself through an in-memory output. */
	private static byte[] encode(Framing framing, byte[] payload) throws IOException {
		MemoryOutput out = new MemoryOutput();
		framing.write(out, payload, 0, payload.length);
		return out.bytes.toByteArray();
	}

	@Test
	void rawFramingReadsEverythingUntilTheClientClosesItsSide() {
		this.contextRunner.withPropertyValues("waiter.frame.type=raw").run((context) -> {
			context.getBean(TestHandler.class).set((connection) -> {
				byte[] frame = connection.readFrame();
				connection.out().writeAscii("got " + frame.length);
			});
			try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
				client.getOutputStream().write(new byte[10_000]);
				client.shutdownOutput();
				assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
					.isEqualTo("got 10000");
			}
		});
	}

	@Test
	void aLengthHeaderOverTheMaximumEndsOnlyItsConnectionAtOnceAndIsCountedAsAProtocolError() {
		this.contextRunner.withPropertyValues("waiter.frame.type=length-prefixed", "waiter.frame.max-length=1KB")
			.run((context) -> {
				context.getBean(TestHandler.class).set(FramesTests::echoFrames);
				int port = context.getBean(Waiter.class).getPort();
				try (Socket client = Clients.connect(port)) {
					OutputStream out = client.getOutputStream();
					out.write(new byte[] { 0x40, 0, 0, 0 });
					out.flush();
					assertThat(readUntilClosed(client.getInputStream())).isEmpty();
				}
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.ERROR);
				assertThat(exited.getError()).isInstanceOf(FrameTooLongException.class)
					.hasMessageContaining("1024 bytes");
				assertThat(exited.getBytesReceived()).isEqualTo(4);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(WaiterMeters.PROTOCOL_ERRORS).counter().count()).isEqualTo(1);
				assertThat(registry.get(WaiterMeters.PROCESS_ERRORS).counter().count()).isZero();
				try (Socket next = Clients.connect(port)) {
					next.getOutputStream().write(new byte[] { 0, 0, 0, 2, 'o', 'k' });
					assertThat(new DataInputStream(next.getInputStream()).readNBytes(6)).containsExactly(0, 0, 0, 2, 'o',
							'k');
				}
			});
	}

	@Test
	void anEndlessLineIsRefusedAfterReadingAtMostTheMaximumPlusOneBuffer() {
		this.contextRunner.withPropertyValues("waiter.frame.max-length=8KB").run((context) -> {
			context.getBean(TestHandler.class).set(FramesTests::echoFrames);
			try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
				OutputStream out = client.getOutputStream();
				try {
					for (int i = 0; i < 1000; i++) {
						out.write(new byte[1024]);
					}
				}
				catch (IOException ex) {
					// the server closed after refusing the line
				}
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getError()).isInstanceOf(FrameTooLongException.class);
			assertThat(exited.getBytesReceived()).isLessThanOrEqualTo(8 * 1024 + 1 + 4096 /* one input buffer */);
		});
	}

	@Test
	void aFrameWithoutItsStartByteIsMalformed() {
		this.contextRunner.withPropertyValues("waiter.frame.type=stx-etx").run((context) -> {
			context.getBean(TestHandler.class).set(FramesTests::echoFrames);
			try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
				client.getOutputStream().write("no stx\u0003".getBytes(StandardCharsets.US_ASCII));
				assertThat(readUntilClosed(client.getInputStream())).isEmpty();
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getError())
				.isInstanceOf(MalformedFrameException.class);
		});
	}

	@Test
	void repliesWaitInTheOutputWhileMoreRequestsAreBufferedAndGoOutWhenTheBatchIsDone() {
		this.contextRunner.run((context) -> {
			List<Integer> pendingBeforeEachRead = new ArrayList<>();
			context.getBean(TestHandler.class).set((connection) -> {
				byte[] frame;
				while (true) {
					pendingBeforeEachRead.add(connection.out().pending());
					if ((frame = connection.readFrame()) == null) {
						return;
					}
					connection.writeFrame(frame);
				}
			});
			try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
				client.getOutputStream().write("a\nb\nc\nd\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(new DataInputStream(client.getInputStream()).readNBytes(8))
					.isEqualTo("a\nb\nc\nd\n".getBytes(StandardCharsets.US_ASCII));
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			// four requests arrived in one read: the replies piled up (2, 4, 6, 8 bytes) and went out in one write
			assertThat(pendingBeforeEachRead).startsWith(0, 2, 4, 6, 8);
		});
	}

	@Test
	void aDelimiterFramingWithoutItsDelimiterStopsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("waiter.frame.type=delimiter").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.frame.delimiter");
		});
		this.contextRunner.withPropertyValues("waiter.frame.type=length-prefixed", "waiter.frame.length-header-size=3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("waiter.frame.length-header-size"));
	}

	private static byte[] readUntilClosed(InputStream in) {
		try {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			return new byte[0];
		}
	}

	/** A ConnectionOutput into memory, to let a framing encode what the test client sends. */
	private static final class MemoryOutput extends dev.waiter.ConnectionOutput {

		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		@Override
		public void write(int b) {
			this.bytes.write(b);
		}

		@Override
		public void write(byte[] source, int offset, int length) {
			this.bytes.write(source, offset, length);
		}

		@Override
		public void writeAscii(CharSequence text) {
			this.bytes.writeBytes(text.toString().getBytes(StandardCharsets.US_ASCII));
		}

		@Override
		public void writeText(String text) {
			this.bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public int pending() {
			return this.bytes.size();
		}

	}

}
