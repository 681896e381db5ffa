package dev.waiter.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.ProxyHeader;
import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HAProxy in front of two waiter instances, with {@code send-proxy} and
 * {@code send-proxy-v2}: clients from their own loopback addresses are seen as such, HAProxy's
 * health checks (LOCAL headers in version 2) keep both up, and an instance stopped under
 * load as an operator does it (drain it in HAProxy, wait until HAProxy has no session on it,
 * stop it) loses no reply.
 */
class HaproxyTests {

	private static final String CLIENT_V1 = "127.0.0.7";

	private static final String CLIENT_V2 = "127.0.0.8";

	@Test
	void handlersBehindHaproxySeeEachClientsOwnAddressWithBothVersionsAndChecksKeepBothInstancesUp() {
		twoInstances((a, b) -> {
			int v1 = Haproxy.freePort();
			int v2 = Haproxy.freePort();
			try (Haproxy haproxy = Haproxy.start(v1, v2, 0, List.of(port(a), port(b)), 0)) {
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(haproxy.serverStates()).hasSize(4)
					.allSatisfy((state) -> assertThat(state).endsWith(" UP L4OK")));
				List<String> replies = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					replies.add(exchange(CLIENT_V1, v1, "one-" + i));
					replies.add(exchange(CLIENT_V2, v2, "two-" + i));
				}
				assertThat(replies).filteredOn((reply) -> reply.contains(" one-"))
					.hasSize(10)
					.allSatisfy((reply) -> assertThat(reply).contains(" " + CLIENT_V1 + " v1 "));
				assertThat(replies).filteredOn((reply) -> reply.contains(" two-"))
					.hasSize(10)
					.allSatisfy((reply) -> assertThat(reply).contains(" " + CLIENT_V2 + " v2 "));
				assertThat(replies).anyMatch((reply) -> reply.startsWith("a ")).anyMatch((reply) -> reply.startsWith("b "));
				for (AssertableApplicationContext instance : List.of(a, b)) {
					List<WaiterAcceptedEvent> accepted = instance.getBean(EventRecorder.class).all(WaiterAcceptedEvent.class);
					assertThat(accepted).anyMatch((event) -> isLocal(event.getConnection().proxyHeader()));
					assertThat(accepted).filteredOn((event) -> !isLocal(event.getConnection().proxyHeader()))
						.allSatisfy((event) -> assertThat(event.getConnection().proxyAddress().getAddress().getHostAddress())
							.isEqualTo("127.0.0.1"));
				}
			}
		});
	}

	@Test
	void anInstanceDrainedAndStoppedUnderLoadLosesNoReply() {
		twoInstances((a, b) -> {
			int v1 = Haproxy.freePort();
			int v2 = Haproxy.freePort();
			try (Haproxy haproxy = Haproxy.start(v1, v2, 0, List.of(port(a), port(b)), 0)) {
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(haproxy.serverStates())
					.allSatisfy((state) -> assertThat(state).endsWith(" UP L4OK")));
				Load load = new Load(v2);
				load.start(4);
				try {
					load.awaitServed(300);
					assertThat(load.byInstance).containsKeys("a", "b");
					assertThat(haproxy.command("set server waiters_v2/w0 state drain")).isBlank();
					await().atMost(Duration.ofSeconds(20))
						.until(() -> haproxy.currentSessions("waiters_v2", "w0") == 0);
					((ConfigurableApplicationContext) a.getSourceApplicationContext()).close();
					long stoppedAt = load.served.get();
					load.awaitServed(stoppedAt + 300);
				}
				finally {
					load.stop();
				}
				assertThat(load.failures).as("failed requests").isEmpty();
				assertThat(load.byInstance.get("b").get()).isGreaterThanOrEqualTo(300);
			}
		});
	}

	private static boolean isLocal(ProxyHeader header) {
		return header != null && header.isLocal();
	}

	/** Two waiter instances that take PROXY headers from HAProxy on 127.0.0.1 and say who they are and who called. */
	private static void twoInstances(Instances test) {
		WaiterContexts.runner().withPropertyValues("waiter.name=a").withPropertyValues(proxied()).run((a) -> {
			WaiterContexts.runner().withPropertyValues("waiter.name=b").withPropertyValues(proxied()).run((b) -> {
				a.getBean(TestHandler.class).set((connection) -> whoIsCalling("a", connection));
				b.getBean(TestHandler.class).set((connection) -> whoIsCalling("b", connection));
				test.run(a, b);
			});
		});
	}

	private static String[] proxied() {
		return new String[] { "waiter.proxy-protocol.enabled=true", "waiter.proxy-protocol.trusted-proxies=127.0.0.1/32",
				"waiter.backlog=1024" };
	}

	private static void whoIsCalling(String instance, WaiterConnection connection) throws Exception {
		String line = connection.readLine(256);
		if (line != null) {
			connection.writer()
				.println(instance + " " + connection.peerHost() + " v" + connection.proxyHeader().version() + " " + line);
		}
	}

	private static int port(AssertableApplicationContext context) {
		return context.getBean(Waiter.class).getPort();
	}

	static String exchange(String source, int port, String line) throws IOException {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
			String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			if (reply == null) {
				throw new IOException("no reply to " + line);
			}
			return reply;
		}
	}

	@FunctionalInterface
	interface Instances {

		void run(AssertableApplicationContext a, AssertableApplicationContext b) throws Exception;

	}

	/** Clients that send one line per connection through HAProxy until stopped; bounded in count and time. */
	static final class Load {

		final AtomicLong served = new AtomicLong();

		final Map<String, AtomicLong> byInstance = new ConcurrentHashMap<>();

		final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		private final int port;

		private final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();

		Load(int port) {
			this.port = port;
		}

		void start(int clients) {
			for (int i = 0; i < clients; i++) {
				int client = i;
				Thread thread = new Thread(() -> run(client), "load-" + i);
				thread.start();
				this.threads.add(thread);
			}
		}

		private void run(int client) {
			for (int n = 0; n < 100_000 && this.running.get() && System.nanoTime() < this.deadline; n++) {
				String line = "c" + client + "-" + n;
				try {
					String reply = exchange(CLIENT_V2, this.port, line);
					if (!reply.endsWith(" " + line)) {
						this.failures.add(line + ": wrong reply " + reply);
					}
					this.byInstance.computeIfAbsent(reply.substring(0, reply.indexOf(' ')), (key) -> new AtomicLong())
						.incrementAndGet();
					this.served.incrementAndGet();
				}
				catch (IOException ex) {
					this.failures.add(line + ": " + ex);
				}
			}
		}

		void awaitServed(long count) {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.served.get() >= count || !this.failures.isEmpty());
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(10_000);
			}
		}

	}

}
