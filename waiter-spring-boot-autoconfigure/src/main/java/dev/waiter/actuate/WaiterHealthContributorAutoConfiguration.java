package dev.waiter.actuate;

import dev.waiter.server.WaiterServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code waiter} health contributor, when {@code spring-boot-health} is present;
 * {@code management.health.waiter.enabled=false} turns it off.
 */
@AutoConfiguration(afterName = "dev.waiter.autoconfigure.WaiterAutoConfiguration",
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(WaiterServer.class)
@ConditionalOnEnabledHealthIndicator("waiter")
public final class WaiterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "waiterHealthIndicator")
	WaiterHealthIndicator waiterHealthIndicator(WaiterServer server) {
		return new WaiterHealthIndicator(server);
	}

}
