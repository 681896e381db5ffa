package dev.waiter.actuate;

import java.util.List;

import dev.waiter.autoconfigure.WaiterServerCustomizer;
import dev.waiter.observation.WaiterObservationCustomizer;
import dev.waiter.server.request.RequestObserver;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * Meters of the waiter server, bound by Spring Boot's metrics auto-configuration to every
 * registry, as Boot does for Tomcat and Kafka. With waiter's observation in place
 * ({@link WaiterObservationCustomizer}), its {@code waiter.connection} and
 * {@code waiter.request} timers time connections and requests, and these meters do not
 * time them again.
 */
@AutoConfiguration(afterName = { "dev.waiter.autoconfigure.WaiterAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ MeterRegistry.class, WaiterServer.class })
public final class WaiterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WaiterMetrics waiterMetrics(ListableBeanFactory beanFactory,
			ObjectProvider<WaiterObservationCustomizer> observation) {
		return new WaiterMetrics(List.copyOf(WaiterServers.byName(beanFactory).values()),
				observation.getIfAvailable() == null);
	}

	/** Times the requests of the request model when no observation does. */
	@Bean
	WaiterServerCustomizer waiterRequestMetricsCustomizer(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<WaiterObservationCustomizer> observation) {
		return (settings) -> {
			WaiterRequestModel model = settings.getRequestModel();
			if (model != null && model.observer() == RequestObserver.NONE && observation.getIfAvailable() == null) {
				settings.setRequestModel(model.withObserver(
						new WaiterRequestMetrics(SingletonSupplier.of(registry::getObject), settings.getName())));
			}
		};
	}

}
