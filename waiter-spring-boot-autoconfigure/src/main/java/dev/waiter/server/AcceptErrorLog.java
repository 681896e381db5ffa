package dev.waiter.server;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs accept errors at WARN at most once per interval, with the count of those left
 * out since the last line. When descriptors run out, every accepting thread fails an
 * accept each 50 ms: the events and the counter stay exact, the log must not flood.
 * Called from any accepting thread.
 */
final class AcceptErrorLog {

	static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Logger logger;

	private final long intervalNanos;

	private final LongSupplier clock;

	private long nextLogAt;

	private boolean logged;

	private long suppressed;

	AcceptErrorLog(Logger logger, Duration interval) {
		this(logger, interval, System::nanoTime);
	}

	AcceptErrorLog(Logger logger, Duration interval, LongSupplier clock) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		this.clock = clock;
	}

	/**
	 * Logs the error unless one was logged less than an interval ago.
	 * @param error the accept error
	 * @return whether a line was written
	 */
	synchronized boolean log(Exception error) {
		long now = this.clock.getAsLong();
		if (this.logged && now - this.nextLogAt < 0) {
			this.suppressed++;
			return false;
		}
		if (this.suppressed > 0) {
			this.logger.warn("Accept failed: {} ({} more accept errors in the last {}s were not logged)", error,
					this.suppressed, Duration.ofNanos(this.intervalNanos).toSeconds());
		}
		else {
			this.logger.warn("Accept failed: {}", error.toString());
		}
		this.logged = true;
		this.suppressed = 0;
		this.nextLogAt = now + this.intervalNanos;
		return true;
	}

}
