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
 * {@code waiter.read-timeout}, {@code waiter.write-timeout}, {@code waiter.idle-timeout},
 * {@code waiter.request-timeout} and {@code waiter.proxy-protocol.header-timeout}: one sweep on the {@link ServerTimers}
 * thread, every quarter of the shortest timeout (between 10 ms and 1 s), that closes each
 * connection whose current read (of the PROXY header, or of data) or write has been
 * blocked longer than its timeout; its handler's read then throws
 * {@code SocketTimeoutException}, or its write fails, and the outcome is
 * {@link WaiterOutcome#TIMEOUT}; a connection waiting idle for its next request past the
 * idle timeout is closed as a stop closes it, quietly, outcome {@link WaiterOutcome#IDLE};
 * one whose request began arriving longer than the request timeout ago, and whose handler
 * (or decoder) still waits for more of it, is cut off with {@link WaiterOutcome#TIMEOUT},
 * however steadily its bytes trickle in. So a call is cut off between the timeout and the timeout
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

	private final long idleNanos;

	private final long requestNanos;

	private @Nullable ScheduledFuture<?> sweeps;

	/** Whether a failed close has been logged at WARN; the timer thread only. */
	private boolean warned;

	/**
	 * The run's timeouts, each {@code null} when not set.
	 * @param read {@code waiter.read-timeout}: one read (and, without an idle timeout, the
	 * wait for the next request)
	 * @param write {@code waiter.write-timeout}
	 * @param header the PROXY header's, when the PROXY protocol is on
	 * @param idle {@code waiter.idle-timeout}: the wait for the next request
	 * @param request {@code waiter.request-timeout}: a whole request's arrival
	 */
	public record Limits(@Nullable Duration read, @Nullable Duration write, @Nullable Duration header,
			@Nullable Duration idle, @Nullable Duration request) {

		boolean none() {
			return this.read == null && this.write == null && this.header == null && this.idle == null
					&& this.request == null;
		}

	}

	IoTimeouts(LiveConnections live, @Nullable Duration readTimeout, @Nullable Duration writeTimeout) {
		this(live, new Limits(readTimeout, writeTimeout, null, null, null));
	}

	IoTimeouts(LiveConnections live, Limits limits) {
		this.live = live;
		this.readNanos = nanos(limits.read());
		this.writeNanos = nanos(limits.write());
		this.headerNanos = nanos(limits.header());
		this.idleNanos = nanos(limits.idle());
		this.requestNanos = nanos(limits.request());
	}

	private static long nanos(@Nullable Duration timeout) {
		return (timeout != null) ? timeout.toNanos() : NONE;
	}

	/**
	 * A sweeper for the run's timeouts, or {@code null} when none is set.
	 * @param live the run's live connections
	 * @param limits the run's timeouts
	 */
	public static @Nullable IoTimeouts of(LiveConnections live, Limits limits) {
		return limits.none() ? null : new IoTimeouts(live, limits);
	}

	static Duration interval(Duration timeout) {
		Duration quarter = timeout.dividedBy(4);
		if (quarter.compareTo(MIN_INTERVAL) < 0) {
			return MIN_INTERVAL;
		}
		return (quarter.compareTo(MAX_INTERVAL) > 0) ? MAX_INTERVAL : quarter;
	}

	public void start() {
		long shortest = Math.min(Math.min(this.headerNanos, this.readNanos),
				Math.min(this.writeNanos, Math.min(this.idleNanos, this.requestNanos)));
		long every = interval(Duration.ofNanos(shortest)).toNanos();
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
		if (reading.drained()) {
			if (connection.closedBy() == WaiterOutcome.IDLE) {
				// closed by the idle timeout, with no stop to watch its linger: let go once delivered
				connection.readState().releaseIfDelivered(null, now);
			}
			return;
		}
		boolean idle = reading.isIdle();
		if (reading.headerClock().isOverdue(now, this.headerNanos)) {
			logger.debug("No whole PROXY protocol header from {} within the header timeout: closing it", connection);
			connection.closeBy(WaiterOutcome.TIMEOUT);
		}
		else if (idle && this.idleNanos != NONE) {
			if (reading.clock().isOverdue(now, this.idleNanos) && reading.tryCloseIdle(now, WaiterOutcome.IDLE)) {
				logger.debug("No request from {} within the idle timeout: closed it", connection);
			}
		}
		else if (reading.clock().isOverdue(now, this.readNanos)) {
			logger.debug("No data from {} within the read timeout: closing it", connection);
			connection.closeBy(WaiterOutcome.TIMEOUT);
		}
		else if (!idle && reading.clock().isRunning() && reading.requestClock().isOverdue(now, this.requestNanos)) {
			logger.debug("No whole request from {} within the request timeout: closing it", connection);
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
