package dev.waiter.support;

import dev.waiter.autoconfigure.WaiterAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The context most server tests start: waiter's auto-configuration on a free loopback
 * port, with an {@link EventRecorder} and a {@link TestHandler} as listeners.
 */
public final class WaiterContexts {

	private WaiterContexts() {
	}

	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
			.withBean(EventRecorder.class)
			.withBean(TestHandler.class)
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");
	}

}
