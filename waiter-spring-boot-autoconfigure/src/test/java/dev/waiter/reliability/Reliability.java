package dev.waiter.reliability;

import java.io.File;
import java.lang.management.ManagementFactory;

import dev.waiter.support.WaiterContexts;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the reliability tests share: a context with the server, a recorder and a handler,
 * and the JVM's own counts of descriptors and threads.
 */
final class Reliability {

	private Reliability() {
	}

	static ApplicationContextRunner contextRunner() {
		return WaiterContexts.runner().withPropertyValues("waiter.backlog=1024");
	}

	static int openFileDescriptors() {
		String[] descriptors = new File("/proc/self/fd").list();
		return (descriptors != null) ? descriptors.length : -1;
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
