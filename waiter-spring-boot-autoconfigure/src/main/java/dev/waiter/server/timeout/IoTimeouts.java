package dev.waiter.server.timeout;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.waiter.WaiterOutcome;
import dev.waiter.server.connection.ConnectionReadState;
import dev.waiter.server.connection.SocketConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code waiter.read-timeout}, {@code waiter.write-timeout} and
 * {@code waiter.proxy-protocol.header-timeout}: one sweep on the {@link ServerTimers}
 * thread, every quarter of the shortest timeout (between 10 ms and 1 s), that closes each
 * connection whose current read (of the PROXY header, or of data) or write has been
 * blocked longer than its timeout; its handler's read then throws
 * {@code SocketTimeoutException}, or its write fails, and the outcome is
 * {@link WaiterOutcome#TIMEOUT}. So a call is cut off between the timeout and the timeout
 * plus one sweep interval, with no timer armed per call. One per run; a sweep reads every
 * live connection's two clocks and nothing else. A connection whose close fails is logged
 * (at WARN the first time in the run, then at DEBUG) and the sweep goes on: an exception
 * escaping a scheduled task would cancel every later sweep of the run.
 */
public final class IoTimeouts {

	private static final Logger logger = LoggerFactory.getLogger(IoTimeouts.class);

	private static final long NONE = Long.MAX_VALUE;

	private static final Duration MIN_INTERVAL = Duration.ofMillis(10);

	private static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

	/** The run's live connections, as the sweeper walks them: the run's registry. */
	@FunctionalInterface
	public interface LiveConnections {

		void forEach(Consumer<SocketConnection> action);

	}

	private final LiveConnections live;

	private final long readNanos;

	private final long writeNanos;

	private final long headerNanos;

	private @Nullable ScheduledFuture<?> sweeps;

	/** Whether a failed close has been logged at WARN; the timer thread only. */
	private boolean warned;

	IoTimeouts(LiveConnections live, @Nullable Duration readTimeout, @Nullable Duration writeTimeout) {
		this(live, readTimeout, writeTimeout, null);
	}

	IoTimeouts(LiveConnections live, @Nullable Duration readTimeout, @Nullable Duration writeTimeout,
			@Nullable Duration headerTimeout) {
		this.live = live;
		this.readNanos = (readTimeout != null) ? readTimeout.toNanos() : NONE;
		this.writeNanos = (writeTimeout != null) ? writeTimeout.toNanos() : NONE;
		this.headerNanos = (headerTimeout != null) ? headerTimeout.toNanos() : NONE;
	}

	/**
	 * A sweeper for the run's timeouts, or {@code null} when none is set.
	 * @param live the run's live connections
	 * @param readTimeout {@code waiter.read-timeout}, if set
	 * @param writeTimeout {@code waiter.write-timeout}, if set
	 * @param headerTimeout the PROXY header timeout, when the PROXY protocol is on
	 */
	public static @Nullable IoTimeouts of(LiveConnections live, @Nullable Duration readTimeout,
			@Nullable Duration writeTimeout, @Nullable Duration headerTimeout) {
		if (readTimeout == null && writeTimeout == null && headerTimeout == null) {
			return null;
		}
		return new IoTimeouts(live, readTimeout, writeTimeout, headerTimeout);
	}

	static Duration interval(Duration timeout) {
		Duration quarter = timeout.dividedBy(4);
		if (quarter.compareTo(MIN_INTERVAL) < 0) {
			return MIN_INTERVAL;
		}
		return (quarter.compareTo(MAX_INTERVAL) > 0) ? MAX_INTERVAL : quarter;
	}

	public void start() {
		long every = interval(Duration.ofNanos(Math.min(this.headerNanos, Math.min(this.readNanos, this.writeNanos))))
			.toNanos();
		this.sweeps = ServerTimers.EXECUTOR.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.NANOSECONDS);
	}

	public void stop() {
		ScheduledFuture<?> scheduled = this.sweeps;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

	void sweep() {
		long now = System.nanoTime();
		this.live.forEach((connection) -> {
			try {
				sweepOne(connection, now);
			}
			catch (RuntimeException ex) {
				closeFailed(connection, ex);
			}
		});
	}

	private void sweepOne(SocketConnection connection, long now) {
		ConnectionReadState reading = connection.readState();
		if (reading.headerClock().isOverdue(now, this.headerNanos)) {
			logger.debug("No whole PROXY protocol header from {} within the header timeout: closing it", connection);
			connection.closeBy(WaiterOutcome.TIMEOUT);
		}
		else if (reading.clock().isOverdue(now, this.readNanos)) {
			logger.debug("No data from {} within the read timeout: closing it", connection);
			connection.closeBy(WaiterOutcome.TIMEOUT);
		}
		else if (connection.writes().isOverdue(now, this.writeNanos)) {
			logger.debug("Write to {} blocked longer than the write timeout: closing it", connection);
			connection.closeBy(WaiterOutcome.TIMEOUT);
		}
	}

	private void closeFailed(SocketConnection connection, RuntimeException ex) {
		if (!this.warned) {
			this.warned = true;
			logger.warn("Could not close {} at its timeout; the sweeps go on (further failures are logged at DEBUG)",
					connection, ex);
		}
		else {
			logger.debug("Could not close {} at its timeout", connection, ex);
		}
	}

}
