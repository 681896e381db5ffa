package dev.waiter.actuate;

import java.util.Map;

import dev.waiter.Waiter;
import dev.waiter.server.WaiterServer;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code waiter} health contributor (one per server when there are named servers), when {@code spring-boot-health} is present;
 * {@code management.health.waiter.enabled=false} turns it off.
 */
@AutoConfiguration(afterName = "dev.waiter.autoconfigure.WaiterAutoConfiguration",
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(WaiterServer.class)
@ConditionalOnEnabledHealthIndicator("waiter")
public final class WaiterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "waiterHealthIndicator", "waiterHealthContributor" })
	HealthContributor waiterHealthContributor(ConfigurableListableBeanFactory beanFactory) {
		return new Servers().create(WaiterServers.byName(beanFactory));
	}

	/**
	 * One indicator for the only server; with named servers, a composite with one
	 * indicator per server name ({@code /actuator/health/waiter/<name>}), as Spring Boot does
	 * for several data sources.
	 */
	private static final class Servers extends CompositeHealthContributorConfiguration<WaiterHealthIndicator, Waiter> {

		Servers() {
			super(WaiterHealthIndicator::new);
		}

		HealthContributor create(Map<String, Waiter> servers) {
			return createContributor(servers);
		}

	}

}
