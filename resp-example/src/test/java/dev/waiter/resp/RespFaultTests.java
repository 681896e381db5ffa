package dev.waiter.resp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.waiter.server.WaiterServer;
import dev.waiter.test.FaultProxy;
import dev.waiter.test.ServerLeaks;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RESP example through a {@link FaultProxy}: each seeded scenario sends a few
 * {@code SET}s, inline ({@code SET key value}, where a cut line would still parse) or as
 * arrays, pipelined or one at a time, through 1-16 byte segments, delays, stalls and resets,
 * with a graceful stop at a random moment in a third of them. The store, read afterwards
 * on a direct connection, must hold exactly a prefix of what was sent, each value whole,
 * and every executed {@code SET} must have had its {@code +OK} unless the proxy reset the
 * connection (no stop here reaches its deadline). At the end nothing is left.
 * {@code -Dwaiter.fault.scenarios=N} runs N scenarios (the long run);
 * {@code -Dwaiter.fault.seed=S} starts at seed S.
 */
@Timeout(value = 1800, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RespFaultTests {

	/** Long enough that no stop here reaches its deadline: every executed SET must be answered. */
	private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(10);

	@Test
	void everyExecutedCommandWasSentWholeAndAnsweredThroughSplitsDelaysStallsResetsAndStops() throws Exception {
		ServerLeaks leaks = ServerLeaks.snapshot();
		ConfigurableApplicationContext context = SpringApplication.run(RespExampleApplication.class, "--waiter.port=0",
				"--waiter.address=127.0.0.1",
				"--spring.lifecycle.timeout-per-shutdown-phase=" + PHASE_TIMEOUT.toMillis() + "ms");
		WaiterServer server = context.getBean(WaiterServer.class);
		try {
			int scenarios = Integer.getInteger("waiter.fault.scenarios", 750);
			long first = Long.getLong("waiter.fault.seed", 1);
			FaultProxy.Faults faults = FaultProxy.Faults.segments(first)
				.withStall(0.05, TimeUnit.MILLISECONDS.toNanos(100))
				.withReset(0.05, 120);
			try (FaultProxy proxy = FaultProxy.start(server.getPort(), faults)) {
				for (int i = 0; i < scenarios; i++) {
					scenario(first + i, i, proxy, server);
				}
			}
		}
		finally {
			context.close();
		}
		leaks.assertNothingLeft(server, Duration.ofSeconds(20));
	}

	private void scenario(long seed, int index, FaultProxy proxy, WaiterServer server) throws Exception {
		Random random = new Random(seed);
		List<String> keys = new ArrayList<>();
		List<String> values = new ArrayList<>();
		List<byte[]> commands = new ArrayList<>();
		int count = 1 + random.nextInt(6);
		for (int c = 0; c < count; c++) {
			String key = String.format("s%06d-c%d", index, c);
			String value = "v" + c + "x".repeat(random.nextInt(30));
			keys.add(key);
			values.add(value);
			String command = random.nextBoolean() ? "SET " + key + " " + value + "\r\n"
					: "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value
							+ "\r\n";
			commands.add(command.getBytes(StandardCharsets.US_ASCII));
		}
		boolean pipelined = random.nextBoolean();
		// a stop before command c (2c), in its middle (2c + 1), or after the last (2 * count)
		int stopAt = (random.nextInt(3) == 0) ? random.nextInt(2 * count + 1) : -1;
		long[] stopBegan = { 0 };
		CountDownLatch stopped = null;
		int oks = 0;
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 10_000);
			client.setSoTimeout(15_000);
			OutputStream out = client.getOutputStream();
			BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
			try {
				for (int c = 0; c < count; c++) {
					byte[] command = commands.get(c);
					int split = random.nextInt(command.length + 1);
					stopped = stopIfAt(2 * c, stopAt, random, server, stopped, stopBegan);
					out.write(command, 0, split);
					out.flush();
					stopped = stopIfAt(2 * c + 1, stopAt, random, server, stopped, stopBegan);
					out.write(command, split, command.length - split);
					out.flush();
					if (!pipelined) {
						if (!"+OK".equals(in.readLine())) {
							break;
						}
						oks++;
					}
				}
				stopped = stopIfAt(2 * count, stopAt, random, server, stopped, stopBegan);
				client.shutdownOutput();
				while (oks < count && "+OK".equals(in.readLine())) {
					oks++;
				}
			}
			catch (IOException ex) {
				// a reset or a closed connection: what was executed and answered is checked below
			}
		}
		Duration stopTook = Duration.ZERO;
		if (stopped != null) {
			assertThat(stopped.await(30, TimeUnit.SECONDS)).as("graceful stop ended").isTrue();
			stopTook = Duration.ofNanos(System.nanoTime() - stopBegan[0]);
			server.start();
			proxy.target(server.getPort());
		}
		FaultProxy.Link link = proxy.links().get(proxy.links().size() - 1);
		List<String> stored = stored(server.getPort(), keys);
		int executed = 0;
		while (executed < count && stored.get(executed) != null) {
			executed++;
		}
		String where = "scenario seed " + seed + " (replay: -Dtest=RespFaultTests -Dwaiter.fault.scenarios=1"
				+ " -Dwaiter.fault.seed=" + seed + "; pipelined " + pipelined + ", stop at step " + stopAt + ", reset "
				+ link.wasReset() + ", stalled " + link.stalled() + "): values sent " + values + ", stored " + stored
				+ ", +OK received " + oks;
		assertThat(stored.subList(0, executed)).as("executed whole and in order: " + where)
			.isEqualTo(values.subList(0, executed));
		assertThat(stored.subList(executed, count)).as("nothing executed past the first missing: " + where)
			.allSatisfy((value) -> assertThat(value).isNull());
		assertThat(oks).as(where).isLessThanOrEqualTo(executed);
		assertThat(stopTook).as("no stop reaches its deadline: " + where).isLessThan(PHASE_TIMEOUT);
		if (!link.wasReset()) {
			assertThat(oks).as("every executed SET answered: " + where).isEqualTo(executed);
			if (stopped == null) {
				assertThat(executed).as("without a stop every SET executed: " + where).isEqualTo(count);
			}
		}
	}

	private static @Nullable CountDownLatch stopIfAt(int step, int stopAt, Random random, WaiterServer server,
			@Nullable CountDownLatch stopped, long[] began) {
		if (step != stopAt) {
			return stopped;
		}
		LockSupport.parkNanos(random.nextInt(3_000_000));
		began[0] = System.nanoTime();
		CountDownLatch latch = new CountDownLatch(1);
		server.stop(latch::countDown);
		return latch;
	}

	/** What the store holds for each key, read with GET on a direct connection: null where nothing. */
	private static List<String> stored(int port, List<String> keys) throws IOException {
		try (Socket direct = new Socket()) {
			direct.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			direct.setSoTimeout(10_000);
			StringBuilder gets = new StringBuilder();
			keys.forEach((key) -> gets.append("GET ").append(key).append("\r\n"));
			direct.getOutputStream().write(gets.toString().getBytes(StandardCharsets.US_ASCII));
			BufferedReader in = new BufferedReader(new InputStreamReader(direct.getInputStream(), StandardCharsets.US_ASCII));
			List<String> values = new ArrayList<>();
			for (int i = 0; i < keys.size(); i++) {
				String header = in.readLine();
				values.add("$-1".equals(header) ? null : in.readLine());
			}
			return values;
		}
	}

}
