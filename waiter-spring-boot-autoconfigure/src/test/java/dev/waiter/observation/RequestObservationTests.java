package dev.waiter.observation;

import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.RequestDecoder;
import dev.waiter.server.request.RequestObserver;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.RequestHandler;
import dev.waiter.support.WaiterContexts;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request model's observations on real sockets, with each way of waiting between
 * requests (on the selector, each request may run on another thread): one
 * {@code waiter.request} per request under the connection's {@code waiter.connection}.
 */
class RequestObservationTests {

	private static ApplicationContextRunner runner(WaiterRequestModel.IdleWait idleWait) {
		return WaiterContexts.runner()
			.withConfiguration(AutoConfigurations.of(WaiterObservationAutoConfiguration.class))
			.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withBean(RequestHandler.class)
			.withPropertyValues("waiter.handler-model=request", "waiter.idle-wait=" + idleWait.name().toLowerCase(Locale.ROOT),
					"waiter.threads.virtual=false");
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void eachRequestIsOneObservationNestedUnderItsConnectionsAndCurrentInItsListeners(
			WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			ObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			List<Observation.Context> current = new CopyOnWriteArrayList<>();
			context.getBean(RequestHandler.class).set((event) -> {
				current.add(registry.getCurrentObservation().getContext());
				RequestHandler.echo(event);
			});
			try (Socket client = Clients.connect(context.getBean(WaiterServer.class).getPort())) {
				assertThat(Clients.exchangeOn(client, "one")).isEqualTo("echo:one");
				assertThat(Clients.exchangeOn(client, "two")).isEqualTo("echo:two");
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasNumberOfObservationsWithNameEqualTo("waiter.connection", 1)
				.hasNumberOfObservationsWithNameEqualTo("waiter.request", 2)
				.forAllObservationsWithNameEqualTo("waiter.request", (request) -> request.doesNotHaveError()
					.hasLowCardinalityKeyValue("waiter.server", "default")
					.hasLowCardinalityKeyValue("waiter.request.name", "none")
					.hasLowCardinalityKeyValue("outcome", "success"))
				.hasObservationWithNameEqualTo("waiter.connection")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("waiter.outcome", "COMPLETED");
			assertThat(current).hasSize(2).allSatisfy((request) -> {
				assertThat(request).isInstanceOf(WaiterRequestObservationContext.class);
				assertThat(request.getParentObservation().getContextView())
					.isInstanceOf(WaiterConnectionObservationContext.class);
			});
			assertThat(current.get(0).getParentObservation()).isSameAs(current.get(1).getParentObservation());
			assertThat(((WaiterRequestObservationContext) current.get(1)).getEvent().getSequence()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void aRequestIsNamedByTheDecoderOrByAListener(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withBean(RequestDecoder.class, CommandDecoder::new).run((context) -> {
			context.getBean(RequestHandler.class).set((event) -> {
				String line = event.getRequest();
				if (line.startsWith("ping")) {
					event.nameRequest("PING");
				}
				event.getConnection().out().writeAscii("+" + line + "\n");
			});
			try (Socket client = Clients.connect(context.getBean(WaiterServer.class).getPort())) {
				assertThat(Clients.exchangeOn(client, "get k")).isEqualTo("+get k");
				assertThat(Clients.exchangeOn(client, "ping")).isEqualTo("+ping");
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasNumberOfObservationsWithNameEqualTo("waiter.request", 2)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("waiter.request")
					.hasLowCardinalityKeyValue("waiter.request.name", "GET"))
				.hasAnObservation((observation) -> observation.hasNameEqualTo("waiter.request")
					.hasLowCardinalityKeyValue("waiter.request.name", "PING"));
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD", "SELECTOR" })
	void aListenersErrorIsRecordedOnItsRequestAndItsConnection(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			context.getBean(RequestHandler.class).set((event) -> {
				throw new IllegalStateException("bug");
			});
			try (Socket client = Clients.connect(context.getBean(WaiterServer.class).getPort())) {
				Clients.writer(client).println("x");
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("waiter.request")
				.that()
				.hasBeenStopped()
				.hasError()
				.hasLowCardinalityKeyValue("outcome", "error")
				.backToTestObservationRegistry()
				.hasObservationWithNameEqualTo("waiter.connection")
				.that()
				.hasError()
				.hasLowCardinalityKeyValue("waiter.outcome", "ERROR");
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "SELECTOR" })
	void aConventionBeanReplacesTheRequestsNamesAndKeys(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withBean(WaiterRequestObservationConvention.class, () -> new WaiterRequestObservationConvention() {
			@Override
			public String getName() {
				return "my.request";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(WaiterRequestObservationContext context) {
				return KeyValues.of("sequence.kind", (context.getEvent().getSequence() == 1) ? "first" : "later");
			}
		}).run((context) -> {
			try (Socket client = Clients.connect(context.getBean(WaiterServer.class).getPort())) {
				assertThat(Clients.exchangeOn(client, "x")).isEqualTo("echo:x");
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("my.request")
				.that()
				.hasLowCardinalityKeyValue("sequence.kind", "first");
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "THREAD" })
	void thePropertyTurnsTheRequestObservationOffToo(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withPropertyValues("waiter.observation.enabled=false")
			.run((context) -> assertThat(context.getBean(WaiterServer.class).getSettings().getRequestModel().observer())
				.isSameAs(RequestObserver.NONE));
	}

	/** Reads a line; names it by its first word, in capitals, when that word is {@code get} or {@code set}. */
	static final class CommandDecoder implements RequestDecoder<String> {

		@Override
		public @Nullable String decode(dev.waiter.ConnectionInput input) throws java.io.IOException {
			return input.readLine(1024);
		}

		@Override
		public @Nullable String name(String request) {
			String command = request.split(" ", 2)[0].toUpperCase(Locale.ROOT);
			return (command.equals("GET") || command.equals("SET")) ? command : null;
		}

	}

}
