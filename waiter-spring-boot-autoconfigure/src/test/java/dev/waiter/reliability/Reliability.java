package dev.waiter.reliability;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.server.WaiterServer;
import dev.waiter.support.WaiterContexts;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

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

	/**
	 * Stops the server gracefully and waits, at most 10 s, for its stop to end.
	 * @return how long the stop took
	 */
	static Duration stopGracefully(WaiterServer server) throws InterruptedException {
		long started = System.nanoTime();
		CountDownLatch stopped = new CountDownLatch(1);
		server.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).as("graceful stop ended").isTrue();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	static int openFileDescriptors() {
		String[] descriptors = new File("/proc/self/fd").list();
		return (descriptors != null) ? descriptors.length : -1;
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
