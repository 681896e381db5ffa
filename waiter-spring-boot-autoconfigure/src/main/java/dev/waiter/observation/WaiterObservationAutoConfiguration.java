package dev.waiter.observation;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A {@code waiter.connection} observation per connection when the application has an
 * {@link ObservationRegistry} (Spring Boot's observation auto-configuration makes one with
 * actuator); off with {@code waiter.observation.enabled=false}; a
 * {@link WaiterConnectionObservationConvention} bean replaces the default names and keys.
 * In the request model, also a {@code waiter.request} observation per request under its
 * connection's ({@link ObservationRequestObserver}; a {@link WaiterRequestObservationConvention}
 * bean replaces its names and keys).
 * Ordered after Boot's observation auto-configuration and before waiter's own, whose
 * server takes the customizer, as Boot wires its gRPC server observation.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		beforeName = "dev.waiter.autoconfigure.WaiterAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "waiter.observation.enabled", matchIfMissing = true)
public final class WaiterObservationAutoConfiguration {

	/** Runs after the application's own customizers, so it sees their name, mode and TLS. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WaiterObservationCustomizer waiterObservationCustomizer(ObservationRegistry registry,
			ObjectProvider<WaiterConnectionObservationConvention> connectionConvention,
			ObjectProvider<WaiterRequestObservationConvention> requestConvention) {
		return new WaiterObservationCustomizer(registry, connectionConvention.getIfAvailable(),
				requestConvention.getIfAvailable());
	}

}
