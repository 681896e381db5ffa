package dev.waiter.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.server.WaiterServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault-proxy suites share: how many scenarios to run, and graceful stops and
 * restarts of a server behind the proxy.
 */
final class FaultScenarioRuns {

	private FaultScenarioRuns() {
	}

	/** The scenarios of one suite: the given default, or {@code -Dwaiter.fault.scenarios}. */
	static int count(int byDefault) {
		return Integer.getInteger("waiter.fault.scenarios", byDefault);
	}

	/** The first seed: {@code -Dwaiter.fault.seed} replays a failed scenario's choices. */
	static long firstSeed() {
		return Long.getLong("waiter.fault.seed", 1);
	}

	/** Begins a graceful stop; the latch opens when it has ended. */
	static CountDownLatch stopGracefully(WaiterServer server) {
		CountDownLatch stopped = new CountDownLatch(1);
		server.stop(stopped::countDown);
		return stopped;
	}

	/**
	 * Waits for a stop begun by {@link #stopGracefully}, starts the server again and points
	 * the proxy at its new port.
	 */
	static void restart(WaiterServer server, CountDownLatch stopped, FaultProxy proxy) throws InterruptedException {
		assertThat(stopped.await(30, TimeUnit.SECONDS)).as("graceful stop ended").isTrue();
		server.start();
		proxy.target(server.getPort());
	}

}
