package dev.waiter.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.server.WaiterServer;

import static org.assertj.core.api.Assertions.assertThat;

/** How the tests stop a server and time the stop. */
public final class Stops {

	private Stops() {
	}

	/**
	 * Stops the server gracefully and waits, at most 10 s, for its stop to end.
	 * @return how long the stop took
	 */
	public static Duration gracefully(WaiterServer server) throws InterruptedException {
		long started = System.nanoTime();
		CountDownLatch stopped = new CountDownLatch(1);
		server.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).as("graceful stop ended").isTrue();
		return Duration.ofNanos(System.nanoTime() - started);
	}

}
