package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import org.jspecify.annotations.Nullable;

/**
 * Net::Waiter's {@code on_fork_ok} and {@code on_child_start}: a worker began. Published on
 * the new worker's own thread, first thing: in fork mode that is the connection's thread
 * (and the connection is set); in prefork mode a pool worker that has no client yet.
 */
public final class WaiterWorkerStartedEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String workerName;

	private final transient @Nullable WaiterConnection connection;

	/**
	 * Creates the event for a started worker.
	 * @param waiter the server
	 * @param workerName the worker's thread name
	 * @param connection the connection it will serve, or {@code null} for a pool worker
	 */
	public WaiterWorkerStartedEvent(Waiter waiter, String workerName, @Nullable WaiterConnection connection) {
		super(waiter);
		this.workerName = workerName;
		this.connection = connection;
	}

	/**
	 * The worker's thread name.
	 * @return the name
	 */
	public String getWorkerName() {
		return this.workerName;
	}

	/**
	 * The connection the worker serves.
	 * @return the connection, or {@code null} for a prefork pool worker
	 */
	public @Nullable WaiterConnection getConnection() {
		return this.connection;
	}

	/**
	 * Whether a prefork pool worker started (it serves many clients, one at a time, and has no
	 * connection of its own here), rather than the worker of one connection (fork and
	 * nofork mode, which carries that connection).
	 * @return true for a prefork pool worker
	 */
	public boolean isPoolWorker() {
		return this.connection == null;
	}

}
