package dev.waiter.observation;

import java.util.concurrent.atomic.AtomicReference;

import dev.waiter.Waiter;
import dev.waiter.server.ConnectionServingHook;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class WaiterObservationTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withConfiguration(AutoConfigurations.of(WaiterObservationAutoConfiguration.class))
		.withBean(TestObservationRegistry.class, TestObservationRegistry::create);

	@Test
	void eachConnectionIsOneObservationWithTheServersKeysAndItsOutcome() {
		this.contextRunner.run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			assertThat(Clients.exchange(port, "hi")).isEqualTo("echo:hi\n");
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("waiter.connection")
				.that()
				.hasBeenStarted()
				.hasBeenStopped()
				.hasContextualNameEqualTo("waiter default")
				.hasLowCardinalityKeyValue("waiter.server", "default")
				.hasLowCardinalityKeyValue("waiter.mode", "fork")
				.hasLowCardinalityKeyValue("waiter.tls", "false")
				.hasLowCardinalityKeyValue("waiter.outcome", "COMPLETED")
				.hasLowCardinalityKeyValue("error", "none")
				.hasHighCardinalityKeyValue("net.peer.address", "127.0.0.1");
		});
	}

	@Test
	void theObservationIsCurrentOnTheConnectionsThreadSoAHandlersOwnObservationsNestUnderIt() {
		this.contextRunner.run((context) -> {
			ObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			AtomicReference<Observation.Context> current = new AtomicReference<>();
			AtomicReference<Object> parentOfChild = new AtomicReference<>();
			context.getBean(TestHandler.class).set((connection) -> {
				current.set(registry.getCurrentObservation().getContext());
				Observation.createNotStarted("handler.work", registry).observe(() -> parentOfChild
					.set(registry.getCurrentObservation().getContext().getParentObservation().getContextView()));
				TestHandler.echoOneLine(connection);
			});
			Clients.exchange(context.getBean(Waiter.class).getPort(), "nested");
			context.getBean(EventRecorder.class).awaitExited(1);
			assertThat(current.get()).isInstanceOf(WaiterConnectionObservationContext.class);
			assertThat(parentOfChild.get()).isSameAs(current.get());
		});
	}

	@Test
	void aHandlersErrorIsRecordedOnTheObservation() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set((connection) -> {
				throw new IllegalStateException("bug");
			});
			Clients.exchange(context.getBean(Waiter.class).getPort(), "x");
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("waiter.connection")
				.that()
				.hasError()
				.hasLowCardinalityKeyValue("waiter.outcome", "ERROR")
				.hasLowCardinalityKeyValue("error", "IllegalStateException");
		});
	}

	@Test
	void aFailedTlsHandshakeIsRecordedOnTheObservation() {
		dev.waiter.support.TestCertificates.Issued certificate = dev.waiter.support.TestCertificates
			.newAuthority("observation CA")
			.issue("127.0.0.1");
		this.contextRunner
			.withPropertyValues("waiter.ssl.certificate=" + certificate.certificatePem(),
					"waiter.ssl.certificate-private-key=" + certificate.keyPem())
			.run((context) -> {
				try (java.net.Socket plain = Clients.connect(context.getBean(Waiter.class).getPort())) {
					plain.getOutputStream().write("not TLS\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
					plain.getInputStream().readAllBytes();
				}
				catch (java.io.IOException ex) {
					// the server resets a plain client
				}
				context.getBean(EventRecorder.class).awaitExited(1);
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("waiter.connection")
					.that()
					.hasError()
					.hasLowCardinalityKeyValue("waiter.tls", "true")
					.hasLowCardinalityKeyValue("waiter.outcome", "SSL_ERROR");
			});
	}

	@Test
	void aConventionBeanReplacesTheDefaultNamesAndKeys() {
		this.contextRunner.withBean(WaiterConnectionObservationConvention.class, () -> new WaiterConnectionObservationConvention() {
			@Override
			public String getName() {
				return "my.connection";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(WaiterConnectionObservationContext context) {
				return KeyValues.of("peer.kind", "test");
			}
		}).run((context) -> {
			Clients.exchange(context.getBean(Waiter.class).getPort(), "x");
			context.getBean(EventRecorder.class).awaitExited(1);
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("my.connection")
				.that()
				.hasLowCardinalityKeyValue("peer.kind", "test");
		});
	}

	@Test
	void thePropertyTurnsTheObservationOffAndNoRegistryMeansNone() {
		this.contextRunner.withPropertyValues("waiter.observation.enabled=false")
			.run((context) -> assertThat(context.getBean(WaiterServer.class).getSettings().getServingHook())
				.isSameAs(ConnectionServingHook.NONE));
		WaiterContexts.runner()
			.withConfiguration(AutoConfigurations.of(WaiterObservationAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(WaiterServer.class).getSettings().getServingHook())
				.isSameAs(ConnectionServingHook.NONE));
	}

}
