package dev.waiter.autoconfigure;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.waiter.Waiter;
import dev.waiter.WaiterMode;
import dev.waiter.server.WaiterServer;
import dev.waiter.server.WaiterServerSettings;
import dev.waiter.server.WaiterShutdown;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WaiterAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@Test
	void withNoOtherPropertiesTheServerStartsWithTheDefaultSettings() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WaiterServer.class).hasSingleBean(Waiter.class);
			WaiterServer server = context.getBean(WaiterServer.class);
			assertThat(server.isRunning()).isTrue();
			assertThat(server.getPort()).isPositive();
			assertThat(context.getEnvironment().getProperty("local.waiter.port", Integer.class))
				.isEqualTo(server.getPort());
			WaiterServerSettings settings = server.getSettings();
			WaiterServerSettings defaults = new WaiterServerSettings();
			assertThat(settings.getMode()).isEqualTo(WaiterMode.FORK);
			assertThat(settings.getName()).isEqualTo("default");
			assertThat(settings.getMaxConnections()).isEqualTo(defaults.getMaxConnections());
			assertThat(settings.getAcceptTimeout()).isEqualTo(Duration.ofSeconds(4));
			assertThat(settings.getReadTimeout()).isNull();
			assertThat(settings.getShutdown()).isEqualTo(WaiterShutdown.GRACEFUL);
			assertThat(settings.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.isVirtualThreads()).isFalse();
		});
	}

	@Test
	void everyPropertyBindsToTheServerSettings() {
		this.contextRunner
			.withPropertyValues("waiter.name=edge", "waiter.backlog=7", "waiter.mode=nofork",
					"waiter.max-connections=3", "waiter.accept-timeout=250ms", "waiter.read-timeout=2s",
					"waiter.charset=ISO-8859-1", "waiter.shutdown=immediate", "waiter.tcp-no-delay=false",
					"waiter.keep-alive=true", "waiter.reuse-address=false", "waiter.prefork.min=2",
					"waiter.prefork.max=9", "waiter.prefork.idle-timeout=5s", "waiter.threads.virtual=true",
					"waiter.signals.propagate=true", "spring.lifecycle.timeout-per-shutdown-phase=12s",
					"waiter.allow=10.0.0.0/8,::1/128", "waiter.deny=10.9.0.0/16")
			.run((context) -> {
				WaiterServerSettings settings = context.getBean(WaiterServer.class).getSettings();
				assertThat(settings.getName()).isEqualTo("edge");
				assertThat(settings.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
				assertThat(settings.getPort()).isZero();
				assertThat(settings.getBacklog()).isEqualTo(7);
				assertThat(settings.getMode()).isEqualTo(WaiterMode.NOFORK);
				assertThat(settings.getMaxConnections()).isEqualTo(3);
				assertThat(settings.getAcceptTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(settings.getReadTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.getCharset()).isEqualTo(StandardCharsets.ISO_8859_1);
				assertThat(settings.getShutdown()).isEqualTo(WaiterShutdown.IMMEDIATE);
				assertThat(settings.isTcpNoDelay()).isFalse();
				assertThat(settings.isKeepAlive()).isTrue();
				assertThat(settings.isReuseAddress()).isFalse();
				assertThat(settings.getPreforkMin()).isEqualTo(2);
				assertThat(settings.getPreforkMax()).isEqualTo(9);
				assertThat(settings.getPreforkIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.isVirtualThreads()).isTrue();
				assertThat(settings.isSignalsPropagate()).isTrue();
				assertThat(settings.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(settings.getAllow()).extracting(Object::toString).containsExactly("10.0.0.0/8", "::1/128");
				assertThat(settings.getDeny()).extracting(Object::toString).containsExactly("10.9.0.0/16");
			});
	}

	@Test
	void virtualThreadsFollowSpringThreadsVirtualEnabledUnlessWaiterSaysOtherwise() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context.getBean(WaiterServer.class).getSettings().isVirtualThreads()).isTrue());
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true", "waiter.threads.virtual=false")
			.run((context) -> assertThat(context.getBean(WaiterServer.class).getSettings().isVirtualThreads())
				.isFalse());
	}

	@Test
	void customizersAdjustTheSettingsAfterTheProperties() {
		this.contextRunner.withPropertyValues("waiter.name=from-properties")
			.withBean(WaiterServerCustomizer.class, () -> (settings) -> settings.setName("customized"))
			.run((context) -> assertThat(context.getBean(WaiterServer.class).getName()).isEqualTo("customized"));
	}

	@Test
	void aUserDefinedServerMakesTheAutoConfigurationBackOff() {
		this.contextRunner.withUserConfiguration(UserServerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WaiterServer.class);
			assertThat(context.getBean(WaiterServer.class).getName()).isEqualTo("user");
		});
	}

	@Test
	void waiterEnabledFalseCreatesNoServer() {
		this.contextRunner.withPropertyValues("waiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WaiterServer.class));
	}

	@Test
	void aPortOutOfRangeStopsStartUpNamingWaiterPort() {
		this.contextRunner.withPropertyValues("waiter.port=70000").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.port")
				.hasMessageContaining("70000");
		});
	}

	@Test
	void aNegativePreforkMinimumStopsStartUpNamingTheProperty() {
		this.contextRunner.withPropertyValues("waiter.prefork.min=-4").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.prefork.min");
		});
	}

	@Test
	void aPreforkMaximumBelowTheMinimumStopsStartUp() {
		this.contextRunner.withPropertyValues("waiter.prefork.min=8", "waiter.prefork.max=2").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.prefork.max");
		});
	}

	@Test
	void aNegativeAcceptTimeoutStopsStartUp() {
		this.contextRunner.withPropertyValues("waiter.accept-timeout=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.accept-timeout");
		});
	}

	@Test
	void aZeroReadTimeoutStopsStartUp() {
		this.contextRunner.withPropertyValues("waiter.read-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.read-timeout");
		});
	}

	@Test
	void anUnknownModeStopsStartUpNamingWaiterMode() {
		this.contextRunner.withPropertyValues("waiter.mode=threaded").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasStackTraceContaining("waiter.mode");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserServerConfiguration {

		@Bean
		WaiterServer userWaiterServer(ApplicationEventPublisher publisher) {
			return new WaiterServer(new WaiterServerSettings().setName("user").setPort(0)
				.setAddress(InetAddress.getLoopbackAddress()), publisher);
		}

	}

}
