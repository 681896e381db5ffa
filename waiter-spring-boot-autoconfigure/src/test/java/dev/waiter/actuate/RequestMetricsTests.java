package dev.waiter.actuate;

import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

import dev.waiter.observation.WaiterObservationAutoConfiguration;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.RequestHandler;
import dev.waiter.support.WaiterContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request count and latency in the meters, with and without an observation registry, each
 * request and each connection timed once; and the endpoint's requests per connection. Real
 * sockets, the request model on platform threads, with each way of waiting between requests.
 */
class RequestMetricsTests {

	private static ApplicationContextRunner runner(WaiterRequestModel.IdleWait idleWait) {
		return WaiterContexts.runner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(RequestHandler.class)
			.withPropertyValues("waiter.handler-model=request", "waiter.idle-wait=" + idleWait.name().toLowerCase(Locale.ROOT),
					"waiter.threads.virtual=false");
	}

	private static ApplicationContextRunner observed(WaiterRequestModel.IdleWait idleWait) {
		return runner(idleWait).withConfiguration(
				AutoConfigurations.of(ObservationAutoConfiguration.class, WaiterObservationAutoConfiguration.class));
	}

	/** Three requests on one connection, the last named {@code PING} by the listener. */
	private static void threeRequests(WaiterServer server, RequestHandler handler) throws Exception {
		handler.set((event) -> {
			if (new String((byte[]) event.getRequest()).equals("ping")) {
				event.nameRequest("PING");
			}
			RequestHandler.echo(event);
		});
		try (Socket client = Clients.connect(server.getPort())) {
			assertThat(Clients.exchangeOn(client, "a")).isEqualTo("echo:a");
			assertThat(Clients.exchangeOn(client, "b")).isEqualTo("echo:b");
			assertThat(Clients.exchangeOn(client, "ping")).isEqualTo("echo:ping");
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void withoutAnObservationRegistryEachRequestIsTimedOnWaiterRequestsByNameAndOutcome(
			WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			threeRequests(context.getBean(WaiterServer.class), context.getBean(RequestHandler.class));
			context.getBean(EventRecorder.class).awaitExited(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(WaiterMeters.REQUESTS)
				.tags("server", "default", "name", "none", "outcome", "success")
				.timer()
				.count()).isEqualTo(2);
			assertThat(registry.get(WaiterMeters.REQUESTS).tags("name", "PING", "outcome", "success").timer().count())
				.isOne();
			assertThat(registry.get(WaiterMeters.DURATION).timer().count()).isOne();
			assertThat(registry.find("waiter.request").meters()).isEmpty();
			assertThat(registry.find("waiter.connection").meters()).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void aListenersErrorIsTimedWithTheErrorOutcome(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			context.getBean(RequestHandler.class).set((event) -> {
				throw new IllegalStateException("bug");
			});
			try (Socket client = Clients.connect(context.getBean(WaiterServer.class).getPort())) {
				Clients.writer(client).println("x");
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			assertThat(context.getBean(MeterRegistry.class)
				.get(WaiterMeters.REQUESTS)
				.tags("name", "none", "outcome", "error")
				.timer()
				.count()).isOne();
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void withAnObservationRegistryTheObservationsTimersAreTheOnlyOnes(WaiterRequestModel.IdleWait idleWait) {
		observed(idleWait).run((context) -> {
			threeRequests(context.getBean(WaiterServer.class), context.getBean(RequestHandler.class));
			context.getBean(EventRecorder.class).awaitExited(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("waiter.request")
				.tags("waiter.server", "default", "waiter.request.name", "none", "outcome", "success")
				.timer()
				.count()).isEqualTo(2);
			assertThat(registry.get("waiter.request").tags("waiter.request.name", "PING").timer().count()).isOne();
			assertThat(registry.get("waiter.connection").timer().count()).isOne();
			assertThat(registry.find(WaiterMeters.REQUESTS).meters()).isEmpty();
			assertThat(registry.find(WaiterMeters.DURATION).meters()).isEmpty();
			assertThat(registry.get(WaiterMeters.ACCEPTED).counter().count()).isOne();
		});
	}

	@Test
	void inTheConnectionModelTheObservationsTimerReplacesTheDurationTimer() {
		WaiterContexts.runner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class,
					ObservationAutoConfiguration.class, WaiterObservationAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(Clients.exchange(context.getBean(WaiterServer.class).getPort(), "hi")).isEqualTo("echo:hi\n");
				context.getBean(EventRecorder.class).awaitExited(1);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("waiter.connection").timer().count()).isOne();
				assertThat(registry.find(WaiterMeters.DURATION).meters()).isEmpty();
				assertThat(registry.get(WaiterMeters.BYTES_SENT).counter().count()).isEqualTo("echo:hi\n".length());
			});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void withTheObservationTurnedOffWaitersOwnTimersCountAgain(WaiterRequestModel.IdleWait idleWait) {
		observed(idleWait).withPropertyValues("waiter.observation.enabled=false").run((context) -> {
			threeRequests(context.getBean(WaiterServer.class), context.getBean(RequestHandler.class));
			context.getBean(EventRecorder.class).awaitExited(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(WaiterMeters.REQUESTS).tags("name", "none").timer().count()).isEqualTo(2);
			assertThat(registry.get(WaiterMeters.DURATION).timer().count()).isOne();
			assertThat(registry.find("waiter.request").meters()).isEmpty();
			assertThat(registry.find("waiter.connection").meters()).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void theEndpointShowsHowManyRequestsEachLiveConnectionHasHad(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			WaiterEndpoint endpoint = new WaiterEndpoint(server);
			try (Socket busy = Clients.connect(server.getPort()); Socket quiet = Clients.connect(server.getPort())) {
				for (String line : new String[] { "a", "b", "c" }) {
					assertThat(Clients.exchangeOn(busy, line)).isEqualTo("echo:" + line);
				}
				assertThat(Clients.exchangeOn(quiet, "d")).isEqualTo("echo:d");
				await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.server().connections().size() == 2);
				assertThat(endpoint.server().connections()).extracting(WaiterEndpoint.ConnectionDescriptor::peer,
						WaiterEndpoint.ConnectionDescriptor::requests)
					.containsExactlyInAnyOrder(
							org.assertj.core.groups.Tuple.tuple("127.0.0.1:" + busy.getLocalPort(), 3L),
							org.assertj.core.groups.Tuple.tuple("127.0.0.1:" + quiet.getLocalPort(), 1L));
			}
		});
	}

}
