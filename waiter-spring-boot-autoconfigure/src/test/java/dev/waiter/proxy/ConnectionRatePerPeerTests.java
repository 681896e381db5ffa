package dev.waiter.proxy;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.waiter.Waiter;
import dev.waiter.actuate.WaiterMeters;
import dev.waiter.actuate.WaiterMetricsAutoConfiguration;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.waiter.support.ProxyHeaders.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code waiter.max-connection-rate-per-peer} on real sockets, from two loopback source
 * addresses. The clock is real here, so these tests connect until the first refusal (a
 * bounded number of times) and hold only what no machine's speed can change: the first
 * second's burst is served whole, the refusal is an event and a count with reason
 * {@code connection-rate}, another address is served meanwhile, and the refused one is
 * served again later. That exactly the sixth of five a second is refused, and when a
 * token comes back, is {@code PeerRateLimiterTests}', on a clock it moves.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectionRatePerPeerTests {

	/** More than the burst: a loop this long ends in a refusal unless each connection took a fifth of a second. */
	private static final int ATTEMPTS = 200;

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void anAddressOverItsRateIsRefusedCountedAndServedAgainLaterWhileAnotherAddressIsServed() {
		this.contextRunner.withPropertyValues("waiter.max-connection-rate-per-peer=5").run((context) -> {
			context.getBean(TestHandler.class).set(ConnectionRatePerPeerTests::greet);
			int port = context.getBean(Waiter.class).getPort();
			int served = servedUntilRefused(() -> greeting(PerPeerCapTests.connectFrom("127.0.0.2", port), null));
			assertThat(served).as("connections served before the first refusal").isGreaterThanOrEqualTo(5);
			assertThat(greeting(PerPeerCapTests.connectFrom("127.0.0.3", port), null)).isEqualTo("hello 127.0.0.3");
			assertRefusedOnce(context.getBean(EventRecorder.class), context.getBean(MeterRegistry.class), "127.0.0.2");
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "hello 127.0.0.2".equals(greeting(PerPeerCapTests.connectFrom("127.0.0.2", port), null)));
		});
	}

	@Test
	void behindThePROXYProtocolTheRateCountsTheAddressInTheHeader() {
		this.contextRunner
			.withPropertyValues("waiter.max-connection-rate-per-peer=5", "waiter.proxy-protocol.enabled=true",
					"waiter.proxy-protocol.trusted-proxies=127.0.0.0/8")
			.run((context) -> {
				context.getBean(TestHandler.class).set(ConnectionRatePerPeerTests::greet);
				int port = context.getBean(Waiter.class).getPort();
				int served = servedUntilRefused(() -> greeting(Clients.connect(port),
						ascii("PROXY TCP4 198.51.100.1 192.0.2.1 5555 443\r\n")));
				assertThat(served).as("connections served before the first refusal").isGreaterThanOrEqualTo(5);
				assertThat(greeting(Clients.connect(port), ascii("PROXY TCP4 198.51.100.2 192.0.2.1 5555 443\r\n")))
					.as("another client through the same balancer")
					.isEqualTo("hello 198.51.100.2");
				assertRefusedOnce(context.getBean(EventRecorder.class), context.getBean(MeterRegistry.class),
						"198.51.100.1");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "waiter.max-connections=1", "waiter.max-connections-per-peer=1" })
	void aClientRefusedForBeingOverACapTakesNoTokenOfTheRate(String cap) {
		this.contextRunner.withPropertyValues("waiter.max-connection-rate-per-peer=3", cap).run((context) -> {
			context.getBean(TestHandler.class).set((connection) -> connection.readLine(100));
			Waiter waiter = context.getBean(Waiter.class);
			try (Socket held = PerPeerCapTests.connectFrom("127.0.0.2", waiter.getPort())) {
				await().until(() -> waiter.getActiveConnections() == 1);
				for (int i = 0; i < 10; i++) {
					try (Socket refused = PerPeerCapTests.connectFrom("127.0.0.2", waiter.getPort())) {
						assertThat(refused.getInputStream().read()).isEqualTo(-1);
					}
					catch (SocketException ex) {
						// reset by the refusal's close: refused either way
					}
				}
				EventRecorder recorder = context.getBean(EventRecorder.class);
				await().until(() -> recorder.all(WaiterRejectedEvent.class).size() == 10);
				assertThat(recorder.all(WaiterRejectedEvent.class)).extracting(WaiterRejectedEvent::getReason)
					.as("no refusal for the rate: the refused clients took no token")
					.containsOnly(cap.startsWith("waiter.max-connections=") ? WaiterRejectedEvent.MAX_CONNECTIONS
							: WaiterRejectedEvent.MAX_CONNECTIONS_PER_PEER);
			}
		});
	}

	@Test
	void aNamedServerHasItsOwnRateAndTheOthersKeepTheirs() {
		this.contextRunner
			.withPropertyValues("waiter.servers.limited.port=0", "waiter.servers.limited.max-connection-rate-per-peer=1")
			.run((context) -> {
				context.getBean(TestHandler.class).set(ConnectionRatePerPeerTests::greet);
				int limited = context.getBean("waiterServer-limited", Waiter.class).getPort();
				int unlimited = context.getBean(Waiter.class).getPort();
				int served = servedUntilRefused(() -> greeting(PerPeerCapTests.connectFrom("127.0.0.2", limited), null));
				assertThat(served).as("connections served before the first refusal").isGreaterThanOrEqualTo(1);
				for (int i = 0; i < 10; i++) {
					assertThat(greeting(PerPeerCapTests.connectFrom("127.0.0.2", unlimited), null))
						.isEqualTo("hello 127.0.0.2");
				}
				assertRefusedOnce(context.getBean(EventRecorder.class), context.getBean(MeterRegistry.class),
						"127.0.0.2");
			});
	}

	@Test
	void aRateBelowOneStopsStartUpNamingTheProperty() {
		WaiterContexts.runner().withPropertyValues("waiter.max-connection-rate-per-peer=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.max-connection-rate-per-peer");
		});
	}

	@Test
	void aNamedServersRateBelowOneStopsStartUpNamingItsProperty() {
		WaiterContexts.runner()
			.withPropertyValues("waiter.servers.limited.port=0", "waiter.servers.limited.max-connection-rate-per-peer=-3")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("waiter.servers.limited.max-connection-rate-per-peer");
			});
	}

	/** Greets at once, so a client needs to send nothing (and a refused one cannot be reset for unread input). */
	private static void greet(dev.waiter.WaiterConnection connection) {
		connection.writer().println("hello " + connection.peerHost());
	}

	/** Connects one at a time until a client is refused; how many were served before. */
	private static int servedUntilRefused(Callable<@Nullable String> client) throws Exception {
		for (int served = 0; served < ATTEMPTS; served++) {
			if (client.call() == null) {
				return served;
			}
		}
		throw new AssertionError("no refusal in " + ATTEMPTS + " connections");
	}

	/** Sends the bytes, if any, and reads the greeting: null if the server closed without one. */
	private static @Nullable String greeting(Socket socket, byte @Nullable [] send) throws IOException {
		try (socket) {
			if (send != null) {
				socket.getOutputStream().write(send);
			}
			return Clients.reader(socket).readLine();
		}
		catch (SocketException ex) {
			return null;
		}
	}

	private static void assertRefusedOnce(EventRecorder recorder, MeterRegistry meters, String address) {
		assertThat(recorder.all(WaiterRejectedEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.CONNECTION_RATE);
			assertThat(event.getConnection().peerHost()).isEqualTo(address);
		});
		assertThat(meters.get(WaiterMeters.REJECTED)
			.tag("reason", WaiterRejectedEvent.CONNECTION_RATE)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum()).isEqualTo(1);
	}

}
