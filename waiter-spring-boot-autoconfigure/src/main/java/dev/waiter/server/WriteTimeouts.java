package dev.waiter.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code waiter.write-timeout}: a sweep on the {@link ServerTimers} thread, every quarter
 * of the timeout (between 10 ms and 1 s), that closes each connection whose current write
 * has been blocked longer than the timeout; its handler then fails, with outcome
 * {@link WaiterOutcome#TIMEOUT}. So a write is cut off between the timeout and the
 * timeout plus one sweep interval. One per run; a sweep reads every live connection's
 * write clock and nothing else.
 */
final class WriteTimeouts {

	private static final Logger logger = LoggerFactory.getLogger(WriteTimeouts.class);

	private static final Duration MIN_INTERVAL = Duration.ofMillis(10);

	private static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

	private final ConnectionRegistry registry;

	private final long timeoutNanos;

	private @Nullable ScheduledFuture<?> sweeps;

	WriteTimeouts(ConnectionRegistry registry, Duration timeout) {
		this.registry = registry;
		this.timeoutNanos = timeout.toNanos();
	}

	static Duration interval(Duration timeout) {
		Duration quarter = timeout.dividedBy(4);
		if (quarter.compareTo(MIN_INTERVAL) < 0) {
			return MIN_INTERVAL;
		}
		return (quarter.compareTo(MAX_INTERVAL) > 0) ? MAX_INTERVAL : quarter;
	}

	void start() {
		long every = interval(Duration.ofNanos(this.timeoutNanos)).toNanos();
		this.sweeps = ServerTimers.EXECUTOR.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
	}

	void stop() {
		ScheduledFuture<?> scheduled = this.sweeps;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

	void sweep() {
		long now = System.nanoTime();
		this.registry.forEach((connection) -> {
			if (connection.writes().isOverdue(now, this.timeoutNanos)) {
				logger.debug("Write to {} blocked longer than the write timeout: closing it", connection);
				connection.closeBy(WaiterOutcome.TIMEOUT);
			}
		});
	}

}
