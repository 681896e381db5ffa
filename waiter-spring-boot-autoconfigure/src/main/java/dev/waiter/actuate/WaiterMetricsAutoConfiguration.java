package dev.waiter.actuate;

import java.util.List;

import dev.waiter.server.WaiterServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Meters of the waiter server, bound by Spring Boot's metrics auto-configuration to every
 * registry, as Boot does for Tomcat and Kafka.
 */
@AutoConfiguration(afterName = { "dev.waiter.autoconfigure.WaiterAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ MeterRegistry.class, WaiterServer.class })
public final class WaiterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WaiterMetrics waiterMetrics(ListableBeanFactory beanFactory) {
		return new WaiterMetrics(List.copyOf(WaiterServers.byName(beanFactory).values()));
	}

}
