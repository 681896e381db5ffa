package dev.waiter.server;

import java.time.Duration;

import dev.waiter.WaiterOutcome;

/**
 * The waiting part of a stop, once the listen socket and admission are closed: a graceful
 * stop closes the connections whose handler waits idle for a new request (as Tomcat and
 * Netty close idle keep-alive connections; a client that has just connected gets a second
 * to send its first request), waits for the ones in the middle of a request, then closes
 * the rest; an immediate one closes them at
 * once; both then wait for handlers and accepting threads to end. Everything fits in one
 * deadline, the shutdown phase timeout from the start of the stop, so the whole stop ends
 * within {@code spring.lifecycle.timeout-per-shutdown-phase} even when a handler ignores
 * its socket's close. Runs on the stopping thread.
 */
final class ConnectionDrain {

	/**
	 * The longest an immediate stop waits for handlers to see their sockets close: less
	 * when the shutdown phase timeout is shorter.
	 */
	static final Duration IMMEDIATE_STOP_GRACE = Duration.ofSeconds(5);

	/** How often a graceful stop looks again for connections that have become idle. */
	private static final Duration IDLE_CHECK = Duration.ofMillis(100);

	private ConnectionDrain() {
	}

	/**
	 * Drains (graceful) or closes (immediate) the run's connections.
	 * @return whether every connection ended by itself
	 */
	static boolean drainOrClose(ConnectionRegistry registry, ServerRun stopping, boolean graceful) {
		Duration timeout = stopping.settings.getShutdownTimeout();
		long deadline = System.nanoTime() + (graceful ? timeout : min(timeout, IMMEDIATE_STOP_GRACE)).toNanos();
		boolean drained = false;
		try {
			drained = graceful && drainIdle(registry, System.nanoTime() + drainBudget(timeout).toNanos());
			if (!drained) {
				registry.closeAll(WaiterOutcome.SHUTDOWN);
				registry.awaitEmpty(untilDeadline(deadline));
			}
			stopping.dispatcher.awaitStopped(untilDeadline(deadline));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			registry.closeAll(WaiterOutcome.SHUTDOWN);
		}
		return drained;
	}

	/**
	 * Closes idle connections, then waits for the rest, closing those that become idle
	 * (a new client that sent nothing within its grace) every {@link #IDLE_CHECK}.
	 * @return whether every connection ended before the deadline
	 */
	private static boolean drainIdle(ConnectionRegistry registry, long deadline) throws InterruptedException {
		while (true) {
			registry.closeIdle();
			registry.releaseDelivered();
			Duration left = untilDeadline(deadline);
			if (registry.awaitEmpty(min(left, IDLE_CHECK))) {
				return true;
			}
			if (left.compareTo(IDLE_CHECK) <= 0) {
				return false;
			}
		}
	}

	/**
	 * The part of the shutdown timeout spent waiting for connections to end by themselves:
	 * a tenth (at most a second) is kept for closing stragglers and waiting for them.
	 */
	static Duration drainBudget(Duration shutdownTimeout) {
		Duration reserve = shutdownTimeout.dividedBy(10);
		return shutdownTimeout.minus(min(reserve, Duration.ofSeconds(1)));
	}

	private static Duration untilDeadline(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
