package dev.waiter.reliability;

import java.io.File;
import java.lang.management.ManagementFactory;

import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the reliability tests share: a context with the server, a recorder and a handler,
 * and the JVM's own counts of descriptors and threads.
 */
final class Reliability {

	private Reliability() {
	}

	static ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
			.withBean(EventRecorder.class)
			.withBean(TestHandler.class)
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1", "waiter.backlog=1024");
	}

	static int openFileDescriptors() {
		String[] descriptors = new File("/proc/self/fd").list();
		return (descriptors != null) ? descriptors.length : -1;
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
