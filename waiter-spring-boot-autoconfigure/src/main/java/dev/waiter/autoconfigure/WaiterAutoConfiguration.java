package dev.waiter.autoconfigure;

import dev.waiter.RequestDecoder;
import dev.waiter.server.WaiterServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the waiter servers: a {@link WaiterServer} lifecycle bean built
 * from {@link WaiterProperties}, and one more per {@code waiter.servers.<name>}
 * ({@link WaiterNamedServersRegistrar}) (TLS from {@code waiter.ssl.*} and Boot's SSL bundles) and
 * any {@link WaiterServerCustomizer}s, publishing its events to the application context. Backs off when the application defines its own
 * {@code WaiterServer}; off with {@code waiter.enabled=false}.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "waiter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WaiterProperties.class)
@ImportRuntimeHints(WaiterRuntimeHints.class)
@Import(WaiterNamedServersRegistrar.class)
public final class WaiterAutoConfiguration {

	@Bean
	WaiterServerFactory waiterServerFactory(WaiterProperties properties, ConfigurableEnvironment environment,
			ApplicationEventPublisher publisher, ObjectProvider<WaiterServerCustomizer> customizers,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<RequestDecoder<?>> decoders) {
		return new WaiterServerFactory(properties, environment, publisher, customizers, sslBundles, decoders);
	}

	@Bean
	@ConditionalOnMissingBean
	WaiterServer waiterServer(WaiterServerFactory factory) {
		return factory.createDefault();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "waiter.direct-listeners", matchIfMissing = true)
	static WaiterProcessListenerFactory waiterProcessListenerFactory() {
		return new WaiterProcessListenerFactory();
	}

	@Bean
	WaiterReadiness waiterReadiness(ApplicationEventPublisher publisher) {
		return new WaiterReadiness(publisher);
	}

	@Bean
	@ConditionalOnBooleanProperty("waiter.signals.os")
	WaiterOsSignals waiterOsSignals(WaiterServer server) {
		return new WaiterOsSignals(server, SignalInstaller.jvm());
	}

	@Bean
	@ConditionalOnMissingBean
	WaiterPortInfoListener waiterPortInfoListener(ConfigurableEnvironment environment, WaiterProperties properties) {
		return new WaiterPortInfoListener(environment, properties.getName());
	}

}
