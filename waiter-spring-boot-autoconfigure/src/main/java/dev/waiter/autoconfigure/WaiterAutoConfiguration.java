package dev.waiter.autoconfigure;

import dev.waiter.server.WaiterServer;
import dev.waiter.server.WaiterServerSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the waiter server: a {@link WaiterServer} lifecycle bean built
 * from {@link WaiterProperties} (TLS from {@code waiter.ssl.*} and Boot's SSL bundles) and
 * any {@link WaiterServerCustomizer}s, publishing its events to the application context. Backs off when the application defines its own
 * {@code WaiterServer}; off with {@code waiter.enabled=false}.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "waiter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WaiterProperties.class)
@ImportRuntimeHints(WaiterRuntimeHints.class)
public final class WaiterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WaiterServer waiterServer(WaiterProperties properties, ConfigurableEnvironment environment,
			ApplicationEventPublisher publisher, ObjectProvider<WaiterServerCustomizer> customizers,
			ObjectProvider<SslBundles> sslBundles) {
		WaiterServerSettings settings = new WaiterSettingsFactory(environment).create(properties);
		settings.setTls(new WaiterTlsFactory(sslBundles.getIfAvailable()).create(properties.getSsl()));
		settings.setFraming(WaiterFramingFactory.create(properties.getFrame()));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(settings));
		return new WaiterServer(settings, publisher);
	}

	@Bean
	@ConditionalOnBooleanProperty("waiter.signals.os")
	WaiterOsSignals waiterOsSignals(WaiterServer server) {
		return new WaiterOsSignals(server, SignalInstaller.jvm());
	}

	@Bean
	@ConditionalOnMissingBean
	WaiterPortInfoListener waiterPortInfoListener(ConfigurableEnvironment environment) {
		return new WaiterPortInfoListener(environment);
	}

}
