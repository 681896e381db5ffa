package dev.waiter.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import dev.waiter.Waiter;
import dev.waiter.WaiterAcceptFailure;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterMode;
import dev.waiter.WaiterSignal;
import dev.waiter.WaiterState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code waiter} actuator endpoint. Read ({@code GET /actuator/waiter}): state, port,
 * mode, counts and the live connections. Write ({@code POST /actuator/waiter/{action}}):
 * {@code hup}, {@code usr1}, {@code usr2} deliver that signal; {@code break-main-loop}
 * stops accepting; {@code stop-all-connections} closes every live connection. Delete
 * ({@code DELETE /actuator/waiter/{id}}): closes one connection. Runs on the thread that
 * serves the management request, so a signal's events are published there.
 */
@Endpoint(id = "waiter")
public class WaiterEndpoint {

	static final String BREAK_MAIN_LOOP = "break-main-loop";

	static final String STOP_ALL_CONNECTIONS = "stop-all-connections";

	private final Waiter waiter;

	/**
	 * Creates the endpoint for a server.
	 * @param waiter the server
	 */
	public WaiterEndpoint(Waiter waiter) {
		this.waiter = waiter;
	}

	/**
	 * The server's state and live connections.
	 * @return a snapshot
	 */
	@ReadOperation
	public ServerDescriptor server() {
		Waiter w = this.waiter;
		List<ConnectionDescriptor> connections = w.connections().stream().map(ConnectionDescriptor::of).toList();
		return new ServerDescriptor(w.getName(), w.getState(), w.getPort(), w.getMode(), w.isSslInUse(),
				w.getActiveConnections(), w.getWorkerCount(), w.getBusyWorkerCount(), w.getRejectedCounts(),
				w.getLastAcceptFailure(), connections);
	}

	/**
	 * Delivers a signal or breaks the main loop.
	 * @param action {@code hup}, {@code usr1}, {@code usr2}, {@code break-main-loop} or
	 * {@code stop-all-connections}
	 * @return the server's state after the action
	 */
	@WriteOperation
	public ActionResult act(@Selector String action) {
		String normalized = action.toLowerCase(Locale.ROOT);
		switch (normalized) {
			case BREAK_MAIN_LOOP -> this.waiter.breakMainLoop();
			case STOP_ALL_CONNECTIONS -> this.waiter.stopAllConnections();
			default -> this.waiter.signal(signal(action));
		}
		return new ActionResult(normalized, this.waiter.getState());
	}

	/**
	 * Closes one live connection.
	 * @param id the connection's id
	 * @return whether such a connection was live, or {@code null} (404) if not
	 */
	@DeleteOperation
	public @Nullable ActionResult close(@Selector long id) {
		return this.waiter.closeConnection(id) ? new ActionResult("closed " + id, this.waiter.getState()) : null;
	}

	private static WaiterSignal signal(String action) {
		for (WaiterSignal signal : WaiterSignal.values()) {
			if (signal.name().equalsIgnoreCase(action)) {
				return signal;
			}
		}
		throw new InvalidEndpointRequestException("Unknown waiter action '" + action + "'",
				"Unknown action: use hup, usr1, usr2, " + BREAK_MAIN_LOOP + " or " + STOP_ALL_CONNECTIONS);
	}

	/**
	 * What the read operation returns.
	 * @param name the server name
	 * @param state the state
	 * @param port the bound port, -1 when not listening
	 * @param mode the mode
	 * @param ssl whether TLS is in use
	 * @param activeConnections live connections
	 * @param workers worker threads
	 * @param busyWorkers busy workers
	 * @param rejected clients refused at once, by reason
	 * @param lastAcceptFailure the last failed accept, if any
	 * @param connections the live connections, oldest first
	 */
	public record ServerDescriptor(String name, WaiterState state, int port, WaiterMode mode, boolean ssl,
			int activeConnections, int workers, int busyWorkers, Map<String, Long> rejected,
			@Nullable WaiterAcceptFailure lastAcceptFailure, List<ConnectionDescriptor> connections) {
	}

	/**
	 * One live connection.
	 * @param id the id
	 * @param peer the client's address and port
	 * @param since when it was accepted
	 * @param bytesReceived bytes read so far
	 * @param bytesSent bytes written so far
	 * @param ssl whether it runs over TLS
	 */
	public record ConnectionDescriptor(long id, String peer, Instant since, long bytesReceived, long bytesSent,
			boolean ssl) {

		static ConnectionDescriptor of(WaiterConnection connection) {
			return new ConnectionDescriptor(connection.id(), connection.peerHost() + ":" + connection.peerPort(),
					connection.acceptedAt(), connection.bytesReceived(), connection.bytesSent(), connection.isSsl());
		}

	}

	/**
	 * What a write or delete operation returns.
	 * @param action what was done
	 * @param state the server's state afterwards
	 */
	public record ActionResult(String action, WaiterState state) {
	}

}
