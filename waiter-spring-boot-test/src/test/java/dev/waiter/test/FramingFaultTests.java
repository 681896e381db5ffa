package dev.waiter.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.waiter.WaiterConnection;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.server.WaiterServer;
import dev.waiter.test.FaultProxy.SplitMix;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded scenarios through a {@link FaultProxy}: a client sends a few requests in one of the
 * framings, pipelined or one at a time, while the proxy splits them into 1-16 byte segments
 * and delays them, sometimes stalls the client's direction or resets the connection, and a
 * graceful stop comes at a random moment. Each scenario checks that every request the
 * handler executed is one the client sent whole, in order, and that every executed request's
 * reply reached the client unless the proxy reset the connection (no stop here reaches its
 * deadline). At the end nothing is left. Half the framings run on virtual threads where
 * the JVM has them, half with {@code waiter.process-on-input}. {@code -Dwaiter.fault.scenarios=N} runs N per
 * framing (the long run), {@code -Dwaiter.fault.seed=S} starts at seed S.
 */
@Timeout(value = 1800, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FramingFaultTests {

	/** Long enough that no stop here reaches its deadline: every executed request must be answered. */
	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);

	/** How a request is framed, on the wire and in the handler. */
	enum Kind {

		/** {@code readLine(int)} on the connection's input, replies into {@code out()}. */
		LINE("lf"),

		/** {@code reader().readLine()}, replies through {@code writer().println}. */
		READER("lf"),

		/** {@code readFrame()} with CRLF lines. */
		CRLF("crlf"),

		/** {@code readFrame()} with a 4-byte length header. */
		LENGTH_PREFIXED("length-prefixed"),

		/** {@code readFrame()} between STX and ETX. */
		STX_ETX("stx-etx");

		final String type;

		Kind(String type) {
			this.type = type;
		}

		byte[] encode(byte[] payload) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			switch (this) {
				case LINE, READER -> out.writeBytes(payload);
				case CRLF -> out.writeBytes(payload);
				case LENGTH_PREFIXED -> {
					int length = payload.length;
					out.write(length >>> 24);
					out.write(length >>> 16);
					out.write(length >>> 8);
					out.write(length);
					out.writeBytes(payload);
				}
				case STX_ETX -> {
					out.write(0x02);
					out.writeBytes(payload);
					out.write(0x03);
				}
			}
			if (this == LINE || this == READER) {
				out.write('\n');
			}
			else if (this == CRLF) {
				out.write('\r');
				out.write('\n');
			}
			return out.toByteArray();
		}

		/** Reads one reply, or null at the end of the stream or a reset. */
		String readReply(InputStream in) throws IOException {
			ByteArrayOutputStream reply = new ByteArrayOutputStream();
			if (this == LENGTH_PREFIXED) {
				byte[] header = in.readNBytes(4);
				if (header.length < 4) {
					return null;
				}
				int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
						| (header[3] & 0xff);
				byte[] body = in.readNBytes(length);
				return (body.length == length) ? new String(body, StandardCharsets.UTF_8) : null;
			}
			int end = (this == STX_ETX) ? 0x03 : '\n';
			if (this == STX_ETX && in.read() != 0x02) {
				return null;
			}
			for (int b; (b = in.read()) != end;) {
				if (b < 0) {
					return null;
				}
				reply.write(b);
			}
			String text = reply.toString(StandardCharsets.UTF_8);
			return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
		}

	}

	/** Executes each request by recording it, and answers {@code ok:<request>}. */
	static class Recorder {

		/** Where a request that names no scenario is recorded: a fragment, which must never be executed. */
		static final String MALFORMED = "malformed";

		final Map<String, List<String>> executed = new ConcurrentHashMap<>();

		volatile Kind kind = Kind.LINE;

		@EventListener
		void serve(WaiterProcessEvent event) throws IOException {
			WaiterConnection connection = event.getConnection();
			while (true) {
				String request = read(connection);
				if (request == null) {
					return;
				}
				String scenario = request.matches("s\\d{6}-.*") ? request.substring(0, 7) : MALFORMED;
				this.executed.computeIfAbsent(scenario, (key) -> new CopyOnWriteArrayList<>()).add(request);
				String reply = "ok:" + request;
				switch (this.kind) {
					case LINE -> connection.out().writeAscii(reply + "\n");
					case READER -> connection.writer().println(reply);
					default -> connection.writeFrame(reply.getBytes(StandardCharsets.UTF_8));
				}
			}
		}

		private String read(WaiterConnection connection) throws IOException {
			return switch (this.kind) {
				case LINE -> connection.readLine(200);
				case READER -> connection.reader().readLine();
				default -> {
					byte[] frame = connection.readFrame();
					yield (frame != null) ? new String(frame, StandardCharsets.UTF_8) : null;
				}
			};
		}

	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void everyExecutedRequestWasSentWholeAndAnsweredThroughSplitsDelaysStallsResetsAndStops(Kind kind)
			throws InterruptedException {
		ServerLeaks leaks = ServerLeaks.snapshot();
		AtomicReference<WaiterServer> ran = new AtomicReference<>();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
			.withBean(Recorder.class)
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1", "waiter.frame.type=" + kind.type,
					"waiter.process-on-input=" + (kind.ordinal() % 2 == 0),
					"waiter.threads.virtual=" + (kind.ordinal() % 2 == 1),
					"spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT.toMillis() + "ms")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				ran.set(server);
				Recorder recorder = context.getBean(Recorder.class);
				recorder.kind = kind;
				int scenarios = FaultScenarioRuns.count(250);
				long first = FaultScenarioRuns.firstSeed() + kind.ordinal() * 1_000_000L;
				FaultProxy.Faults faults = FaultProxy.Faults.segments(first)
					.withStall(0.05, TimeUnit.MILLISECONDS.toNanos(100))
					.withReset(0.05, 60);
				try (FaultProxy proxy = FaultProxy.start(server.getPort(), faults)) {
					for (int i = 0; i < scenarios; i++) {
						new Scenario(kind, first + i, i, proxy, server, recorder).run();
					}
				}
				assertThat(recorder.executed.get(Recorder.MALFORMED)).as("fragments executed").isNull();
			});
		leaks.assertNothingLeft(ran.get(), Duration.ofSeconds(20));
	}

	/** One client's requests through the proxy, perhaps with a graceful stop among them. */
	private static final class Scenario {

		private final Kind kind;

		private final long seed;

		private final int index;

		private final FaultProxy proxy;

		private final WaiterServer server;

		private final Recorder recorder;

		private long stopBegan;

		Scenario(Kind kind, long seed, int index, FaultProxy proxy, WaiterServer server, Recorder recorder) {
			this.kind = kind;
			this.seed = seed;
			this.index = index;
			this.proxy = proxy;
			this.server = server;
			this.recorder = recorder;
		}

		void run() throws Exception {
			SplitMix random = new SplitMix(this.seed);
			String id = String.format("s%06d", this.index % 1_000_000);
			List<String> sent = new ArrayList<>();
			int requests = 1 + random.nextInt(6);
			for (int r = 0; r < requests; r++) {
				sent.add(id + "-r" + r + "-" + "x".repeat(random.nextInt(40)));
			}
			boolean pipelined = random.nextInt(2) == 0;
			// a stop before request r (2r), in its middle (2r + 1), or after the last (2 * requests)
			int stopAt = (random.nextDouble() < 0.35) ? random.nextInt(requests * 2 + 1) : -1;
			List<String> replies = new ArrayList<>();
			CountDownLatch stopped = null;
			try (Socket client = new Socket()) {
				client.connect(new InetSocketAddress("127.0.0.1", this.proxy.port()), 10_000);
				client.setSoTimeout(15_000);
				OutputStream out = client.getOutputStream();
				InputStream in = client.getInputStream();
				try {
					for (int r = 0; r < requests; r++) {
						byte[] request = this.kind.encode(sent.get(r).getBytes(StandardCharsets.UTF_8));
						int split = random.nextInt(request.length + 1);
						stopped = stopIfAt(2 * r, stopAt, random, stopped);
						out.write(request, 0, split);
						out.flush();
						stopped = stopIfAt(2 * r + 1, stopAt, random, stopped);
						out.write(request, split, request.length - split);
						out.flush();
						if (!pipelined) {
							String reply = this.kind.readReply(in);
							if (reply == null) {
								break;
							}
							replies.add(reply);
						}
					}
					stopped = stopIfAt(2 * requests, stopAt, random, stopped);
					client.shutdownOutput();
					for (String reply; replies.size() < requests && (reply = this.kind.readReply(in)) != null;) {
						replies.add(reply);
					}
				}
				catch (IOException ex) {
					// a reset or a closed connection: what was executed and answered is checked below
				}
			}
			Duration stopTook = Duration.ZERO;
			if (stopped != null) {
				FaultScenarioRuns.restart(this.server, stopped, this.proxy);
				stopTook = Duration.ofNanos(System.nanoTime() - this.stopBegan);
			}
			FaultProxy.Link link = this.proxy.links().get(this.proxy.links().size() - 1);
			List<String> executed = this.recorder.executed.getOrDefault(id, List.of());
			String where = "scenario seed " + this.seed + " (replay: -Dtest=FramingFaultTests -Dwaiter.fault.scenarios=1"
					+ " -Dwaiter.fault.seed=" + (this.seed - this.kind.ordinal() * 1_000_000L) + "; " + this.kind + ", pipelined " + pipelined + ", stop at step "
					+ stopAt + ", reset " + link.wasReset() + ", stalled " + link.stalled() + "): sent " + sent
					+ ", executed " + executed + ", replies " + replies;
			assertThat(executed).as(where).isEqualTo(sent.subList(0, executed.size()));
			assertThat(replies).as(where)
				.isEqualTo(executed.subList(0, replies.size()).stream().map((request) -> "ok:" + request).toList());
			assertThat(stopTook).as("no stop reaches its deadline: " + where).isLessThan(PHASE_TIMEOUT);
			if (!link.wasReset()) {
				assertThat(replies).as("every executed request answered: " + where).hasSameSizeAs(executed);
				if (stopped == null) {
					assertThat(executed).as("without a stop every request executed: " + where).hasSameSizeAs(sent);
				}
			}
			this.recorder.executed.remove(id);
		}

		/** Begins the scenario's graceful stop at its step, after a random pause of up to 3 ms. */
		private @Nullable CountDownLatch stopIfAt(int step, int stopAt, SplitMix random,
				@Nullable CountDownLatch stopped) {
			if (step != stopAt) {
				return stopped;
			}
			LockSupport.parkNanos(random.nextLong(TimeUnit.MILLISECONDS.toNanos(3)));
			this.stopBegan = System.nanoTime();
			return FaultScenarioRuns.stopGracefully(this.server);
		}

	}

}
