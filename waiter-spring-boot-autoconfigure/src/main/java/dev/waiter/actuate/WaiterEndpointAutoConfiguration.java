package dev.waiter.actuate;

import dev.waiter.server.WaiterServer;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code waiter} actuator endpoint, when actuator is present and the endpoint is
 * exposed ({@code management.endpoints.web.exposure.include=waiter}).
 */
@AutoConfiguration(afterName = "dev.waiter.autoconfigure.WaiterAutoConfiguration")
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(WaiterServer.class)
@ConditionalOnAvailableEndpoint(WaiterEndpoint.class)
public final class WaiterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WaiterEndpoint waiterEndpoint(WaiterServer server, ListableBeanFactory beanFactory) {
		return new WaiterEndpoint(server, WaiterServers.byName(beanFactory));
	}

}
