package dev.waiter.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.WaiterOutcome;
import dev.waiter.server.connection.SocketConnection;
import org.jspecify.annotations.Nullable;

/**
 * The server's connections as operators see them, across runs. Each run has a
 * {@link ConnectionRegistry} of its own: what its max-connections counts and what its stop
 * waits for and closes. Connections that outlived their run's stop (a handler that ignored
 * its socket's close) stay in their run's registry, so they count against nothing of a
 * later run. Until the next run starts they are still what the active count and the
 * connection list show; from then on they are left out of both, and only
 * {@code closeConnection(id)} and {@code stopAllConnections()} still reach them (ids are
 * unique per server). Read from any thread; {@link #begin} is called by the lifecycle
 * thread.
 */
final class RunConnections {

	private volatile ConnectionRegistry shown = new ConnectionRegistry();

	/** Registries of earlier runs that still had connections when the next run began. */
	private final List<ConnectionRegistry> earlier = new CopyOnWriteArrayList<>();

	/** Shows the new run's registry, keeping the previous one while connections are left in it. */
	void begin(ConnectionRegistry run) {
		ConnectionRegistry previous = this.shown;
		if (previous.size() > 0) {
			this.earlier.add(previous);
		}
		this.earlier.removeIf((registry) -> registry.size() == 0);
		this.shown = run;
	}

	/** The running run's registry, or the last run's while none runs. */
	ConnectionRegistry shown() {
		return this.shown;
	}

	@Nullable SocketConnection get(long id) {
		SocketConnection connection = this.shown.get(id);
		if (connection != null) {
			return connection;
		}
		for (ConnectionRegistry registry : this.earlier) {
			connection = registry.get(id);
			if (connection != null) {
				return connection;
			}
		}
		return null;
	}

	/** Closes the shown run's connections and those left from earlier runs. */
	void closeAll(WaiterOutcome outcome) {
		this.shown.closeAll(outcome);
		this.earlier.forEach((registry) -> registry.closeAll(outcome));
	}

}
