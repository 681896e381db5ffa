package dev.waiter.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.Waiter;
import dev.waiter.WaiterMode;
import dev.waiter.actuate.WaiterEndpoint;
import dev.waiter.actuate.WaiterEndpointAutoConfiguration;
import dev.waiter.actuate.WaiterHealthContributorAutoConfiguration;
import dev.waiter.actuate.WaiterMeters;
import dev.waiter.actuate.WaiterMetricsAutoConfiguration;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.WaiterContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SeveralServersTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class,
				WaiterHealthContributorAutoConfiguration.class, WaiterEndpointAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(AdminOnly.class)
		.withBean(Injected.class)
		.withPropertyValues("management.endpoints.web.exposure.include=waiter", "waiter.servers.admin.port=0",
				"waiter.servers.admin.address=127.0.0.1", "waiter.servers.admin.mode=nofork",
				"waiter.servers.public-api.port=0", "waiter.servers.public-api.address=127.0.0.1",
				"waiter.servers.public-api.max-connections=7");

	@Test
	void namedServersStartWithTheDefaultOnTheirOwnPortsAndSettings() {
		this.contextRunner.run((context) -> {
			Waiter main = context.getBean(Waiter.class);
			Waiter admin = context.getBean("waiterServer-admin", Waiter.class);
			Waiter publicApi = context.getBean("waiterServer-public-api", Waiter.class);
			assertThat(List.of(main.getPort(), admin.getPort(), publicApi.getPort())).doesNotHaveDuplicates()
				.allMatch((port) -> port > 0);
			assertThat(admin.getMode()).isEqualTo(WaiterMode.NOFORK);
			assertThat(admin.getName()).isEqualTo("admin");
			assertThat(context.getEnvironment().getProperty("local.waiter.port", Integer.class)).isEqualTo(main.getPort());
			assertThat(context.getEnvironment().getProperty("local.waiter.admin.port", Integer.class))
				.isEqualTo(admin.getPort());
			assertThat(context.getEnvironment().getProperty("local.waiter.public-api.port", Integer.class))
				.isEqualTo(publicApi.getPort());
			for (Waiter waiter : List.of(main, admin, publicApi)) {
				assertThat(Clients.exchange(waiter.getPort(), waiter.getName())).isEqualTo("echo:" + waiter.getName() + "\n");
			}
			Injected injected = context.getBean(Injected.class);
			assertThat(injected.any).isSameAs(main);
			assertThat(injected.admin).isSameAs(admin);
		});
	}

	@Test
	void aListenerBoundByNameSeesOnlyThatServerAndAnUnboundOneSeesAll() {
		this.contextRunner.run((context) -> {
			Waiter main = context.getBean(Waiter.class);
			Waiter admin = context.getBean("waiterServer-admin", Waiter.class);
			Clients.exchange(main.getPort(), "a");
			Clients.exchange(admin.getPort(), "b");
			EventRecorder all = context.getBean(EventRecorder.class);
			await().until(() -> all.all(WaiterAcceptedEvent.class).size() == 2);
			assertThat(all.all(WaiterAcceptedEvent.class)).extracting((event) -> event.getWaiter().getName())
				.containsExactlyInAnyOrder("default", "admin");
			assertThat(context.getBean(AdminOnly.class).accepted).singleElement()
				.satisfies((event) -> assertThat(event.getWaiter()).isSameAs(admin));
		});
	}

	@Test
	void metersHealthAndTheEndpointCoverEveryServerByName() {
		this.contextRunner.run((context) -> {
			Waiter admin = context.getBean("waiterServer-admin", Waiter.class);
			Clients.exchange(admin.getPort(), "x");
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().until(() -> meters.get(WaiterMeters.ACCEPTED).tag("server", "admin").counter().count() == 1);
			assertThat(meters.get(WaiterMeters.ACCEPTED).tag("server", "default").counter().count()).isZero();
			assertThat(meters.get(WaiterMeters.ACTIVE).tag("server", "public-api").gauge()).isNotNull();
			HealthContributor health = context.getBean("waiterHealthContributor", HealthContributor.class);
			assertThat(health).isInstanceOf(CompositeHealthContributor.class);
			CompositeHealthContributor composite = (CompositeHealthContributor) health;
			for (String name : List.of("default", "admin", "public-api")) {
				assertThat(((HealthIndicator) composite.getContributor(name)).health().getStatus()).isEqualTo(Status.UP);
			}
			WaiterEndpoint endpoint = context.getBean(WaiterEndpoint.class);
			assertThat(endpoint.server().servers()).containsExactly("admin", "default", "public-api");
			assertThat(endpoint.server("public-api").port())
				.isEqualTo(context.getBean("waiterServer-public-api", Waiter.class).getPort());
			assertThat(endpoint.server("nope")).isNull();
			assertThat(endpoint.act("admin", "break-main-loop")).isNotNull();
			assertThat(admin.isListening()).isFalse();
			assertThat(context.getBean(Waiter.class).isListening()).isTrue();
		});
	}

	@Test
	void aPortClashBetweenTwoServersStopsStartUpNamingBoth() {
		WaiterContexts.runner()
			.withPropertyValues("waiter.port=0", "waiter.servers.one.port=19123", "waiter.servers.two.port=19123")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("waiter.servers.two.port")
					.hasMessageContaining("waiter.servers.one.port");
			});
	}

	@Test
	void aBadValueOfANamedServerIsReportedUnderItsOwnName() {
		WaiterContexts.runner().withPropertyValues("waiter.servers.admin.port=0", "waiter.servers.admin.backlog=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("waiter.servers.admin.backlog");
			});
	}

	@Test
	void withoutNamedServersTheHealthIsTheOneServersIndicator() {
		WaiterContexts.runner()
			.withConfiguration(AutoConfigurations.of(WaiterHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean("waiterHealthContributor")).isInstanceOf(HealthIndicator.class));
	}

	/** A listener bound to one server in one line. */
	static class AdminOnly {

		final List<WaiterAcceptedEvent> accepted = new CopyOnWriteArrayList<>();

		@EventListener(condition = "#event.waiter.name == 'admin'")
		void onAccepted(WaiterAcceptedEvent event) {
			this.accepted.add(event);
		}

	}

	static class Injected {

		final Waiter any;

		final Waiter admin;

		Injected(Waiter any, @Qualifier("admin") Waiter admin) {
			this.any = any;
			this.admin = admin;
		}

	}

}
