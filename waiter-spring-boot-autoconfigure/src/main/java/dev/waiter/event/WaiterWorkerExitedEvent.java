package dev.waiter.event;

import java.io.Serial;
import java.time.Duration;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Net::Waiter's {@code on_child_exit} and {@code on_sig_child}: a connection (fork and
 * nofork mode) or a pool worker's client (prefork mode) is done and its socket closed.
 * Published last, on the worker's own thread; carries how it ended.
 */
public final class WaiterWorkerExitedEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String workerName;

	private final transient @Nullable WaiterConnection connection;

	private final WaiterOutcome outcome;

	private final Duration duration;

	private final long bytesReceived;

	private final long bytesSent;

	private final @Nullable Throwable error;

	/**
	 * Creates the event for a finished connection or worker.
	 * @param waiter the server
	 * @param workerName the worker's thread name
	 * @param connection the connection served, or {@code null} for a pool worker that exits
	 * @param outcome how it ended
	 * @param duration from accept (or worker start) to exit
	 * @param bytesReceived bytes read from the client
	 * @param bytesSent bytes written to the client
	 * @param error what a handler threw, if anything
	 */
	public WaiterWorkerExitedEvent(Waiter waiter, String workerName, @Nullable WaiterConnection connection,
			WaiterOutcome outcome, Duration duration, long bytesReceived, long bytesSent, @Nullable Throwable error) {
		super(waiter);
		this.workerName = workerName;
		this.connection = connection;
		this.outcome = outcome;
		this.duration = duration;
		this.bytesReceived = bytesReceived;
		this.bytesSent = bytesSent;
		this.error = error;
	}

	/**
	 * The worker's thread name.
	 * @return the name
	 */
	public String getWorkerName() {
		return this.workerName;
	}

	/**
	 * The connection that ended.
	 * @return the connection, or {@code null} when a prefork pool worker retires
	 */
	public @Nullable WaiterConnection getConnection() {
		return this.connection;
	}

	/**
	 * Whether a prefork pool worker exited (it serves many clients, one at a time, and has no
	 * connection of its own here), rather than the worker of one connection (fork and
	 * nofork mode, which carries that connection).
	 * @return true for a prefork pool worker
	 */
	public boolean isPoolWorker() {
		return this.connection == null;
	}

	/**
	 * How the connection ended.
	 * @return the outcome
	 */
	public WaiterOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * How long the connection (or the worker) lived.
	 * @return the duration
	 */
	public Duration getDuration() {
		return this.duration;
	}

	/**
	 * Bytes read from the client.
	 * @return the count
	 */
	public long getBytesReceived() {
		return this.bytesReceived;
	}

	/**
	 * Bytes written to the client.
	 * @return the count
	 */
	public long getBytesSent() {
		return this.bytesSent;
	}

	/**
	 * What a handler threw, or the I/O error that ended the connection.
	 * @return the error, or {@code null}
	 */
	public @Nullable Throwable getError() {
		return this.error;
	}

}
