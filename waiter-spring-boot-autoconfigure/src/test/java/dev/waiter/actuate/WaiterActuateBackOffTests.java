package dev.waiter.actuate;

import dev.waiter.Waiter;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.support.Clients;
import dev.waiter.support.TestHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class WaiterActuateBackOffTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class, WaiterMetricsAutoConfiguration.class,
				WaiterHealthContributorAutoConfiguration.class, WaiterEndpointAutoConfiguration.class))
		.withBean(TestHandler.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@Test
	void withoutMicrometerActuatorOrHealthOnTheClassPathTheServerStillServes() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, HealthIndicator.class, Endpoint.class))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(WaiterMetrics.class)
					.doesNotHaveBean(WaiterHealthIndicator.class)
					.doesNotHaveBean(WaiterEndpoint.class);
				assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "plain")).isEqualTo("echo:plain\n");
			});
	}

	@Test
	void withoutAMeterRegistryBeanNoMetricsAreBound() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WaiterMetrics.class));
	}

	@Test
	void theHealthContributorCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.waiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WaiterHealthIndicator.class));
	}

	@Test
	void theEndpointIsCreatedOnlyWhenExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WaiterEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=waiter")
			.run((context) -> assertThat(context).hasSingleBean(WaiterEndpoint.class));
	}

}
