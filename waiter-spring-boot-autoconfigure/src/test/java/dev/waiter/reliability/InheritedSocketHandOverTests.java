package dev.waiter.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import dev.waiter.support.ForkedJvm;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A parent process holds the listening socket and replaces the application on it under
 * load, as systemd does with a socket unit: {@code socket_holder.py} (python3) passes
 * the socket as the application's standard input ({@code waiter.socket-activation=true}),
 * and at each replacement sends SIGTERM to the old JVM, waits for its exit and starts a new
 * one. Meanwhile four clients send one request per connection: clients that arrive while
 * no JVM accepts wait in the socket's backlog, and a connection the old JVM accepted is
 * answered by it (its graceful stop drains). Not one may be refused, reset or unanswered.
 * Bounded: 90 s, 20,000 requests per client.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InheritedSocketHandOverTests {

	private static final int CLIENTS = 4;

	private static final int REPLACEMENTS = 3;

	private static final long REQUESTS_PER_CLIENT = 20_000;

	/** Requests the running JVM must answer before the next replacement: it is serving. */
	private static final long REQUESTS_BETWEEN = 100;

	private static final Duration LIMIT = Duration.ofSeconds(90);

	/** Longer than a JVM takes to start: a client in the backlog waits that long for its reply. */
	private static final int REPLY_TIMEOUT_MILLIS = 60_000;

	private final AtomicLong served = new AtomicLong();

	private final Map<String, Long> failures = new ConcurrentHashMap<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final long deadline = System.nanoTime() + LIMIT.toNanos();

	@Test
	void threeReplacementsOfTheApplicationOnTheHeldSocketRefuseResetAndLoseNoClient() throws Exception {
		assumePython();
		Path log = Files.createTempFile("waiter-handover", ".log");
		Path script = Path.of(getClass().getResource("socket_holder.py").toURI());
		List<String> command = new ArrayList<>(List.of("python3", script.toString(), log.toString(), "128", "--"));
		command.addAll(ForkedJvm.javaCommand("--waiter.socket-activation=true", "--waiter.address=192.0.2.1",
				"--test.handler=break", "--spring.main.banner-mode=off"));
		Process holder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		List<Thread> clients = new ArrayList<>();
		List<String> events = new ArrayList<>();
		try {
			BufferedReader fromHolder = new BufferedReader(
					new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
			PrintWriter toHolder = new PrintWriter(holder.getOutputStream(), true, StandardCharsets.US_ASCII);
			String portLine = fromHolder.readLine();
			assertThat(portLine).startsWith("port ");
			int port = Integer.parseInt(portLine.substring("port ".length()));
			events.add(fromHolder.readLine());
			for (int i = 0; i < CLIENTS; i++) {
				int client = i;
				Thread thread = new Thread(() -> load(port, client), "handover-client-" + i);
				thread.start();
				clients.add(thread);
			}
			for (int round = 0; round < REPLACEMENTS; round++) {
				awaitServed(this.served.get() + REQUESTS_BETWEEN, log);
				toHolder.println("replace");
				events.add(fromHolder.readLine());
				events.add(fromHolder.readLine());
			}
			awaitServed(this.served.get() + REQUESTS_BETWEEN, log);
			this.running.set(false);
			for (Thread client : clients) {
				client.join(REPLY_TIMEOUT_MILLIS);
			}
			toHolder.println("quit");
			events.add(fromHolder.readLine());
			assertThat(holder.waitFor(90, TimeUnit.SECONDS)).isTrue();
			String output = Files.readString(log);
			assertThat(this.failures).as(output).isEmpty();
			assertThat(events).as(output).hasSize(2 + 2 * REPLACEMENTS)
				.filteredOn((event) -> event.startsWith("exited "))
				.hasSize(REPLACEMENTS + 1)
				.allMatch((event) -> event.endsWith(" 143") || event.endsWith(" 0"));
			assertThat(Pattern.compile("Waiter listening on 127\\.0\\.0\\.1:" + port + " ").matcher(output).results()
				.count()).as(output).isEqualTo(REPLACEMENTS + 1);
			assertThat(this.served.get()).isGreaterThanOrEqualTo((REPLACEMENTS + 1) * REQUESTS_BETWEEN);
		}
		finally {
			this.running.set(false);
			holder.getOutputStream().close();
			if (!holder.waitFor(90, TimeUnit.SECONDS)) {
				holder.destroyForcibly();
			}
			Files.deleteIfExists(log);
		}
	}

	private void awaitServed(long count, Path log) {
		await().atMost(remaining())
			.failFast("a client failed", () -> assertThat(this.failures).as("failed requests").isEmpty())
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(this.served.get()).as(() -> readQuietly(log)).isGreaterThanOrEqualTo(count));
	}

	/** One request per connection, each answered or counted as a failure, until told to stop. */
	private void load(int port, int client) {
		for (long i = 0; i < REQUESTS_PER_CLIENT && this.running.get() && System.nanoTime() < this.deadline; i++) {
			String request = "c" + client + "-" + i;
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), REPLY_TIMEOUT_MILLIS);
				socket.setSoTimeout(REPLY_TIMEOUT_MILLIS);
				PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
				BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
				out.println(request);
				String reply = in.readLine();
				if (("echo:" + request).equals(reply)) {
					this.served.incrementAndGet();
				}
				else {
					this.failures.merge("reply " + reply, 1L, Long::sum);
				}
			}
			catch (IOException ex) {
				this.failures.merge(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1L, Long::sum);
			}
		}
	}

	private Duration remaining() {
		return Duration.ofNanos(Math.max(1, this.deadline - System.nanoTime()));
	}

	private static String readQuietly(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	private static void assumePython() throws Exception {
		boolean present;
		try {
			Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
			present = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException ex) {
			present = false;
		}
		Assumptions.assumeTrue(present, "Skipped: python3 is missing; it holds the socket as systemd would");
	}

}
