package dev.waiter.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;

import dev.waiter.Waiter;
import dev.waiter.WaiterAcceptFailure;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterMode;
import dev.waiter.WaiterSignal;
import dev.waiter.WaiterState;
import dev.waiter.server.connection.SocketConnection;
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
 * ({@code DELETE /actuator/waiter/{id}}): closes one connection. With named servers
 * ({@code waiter.servers.<name>}), each operation also takes the server's name first:
 * {@code GET /actuator/waiter/{server}}, {@code POST /actuator/waiter/{server}/{action}},
 * {@code DELETE /actuator/waiter/{server}/{id}}. Runs on the thread that serves the
 * management request, so a signal's events are published there.
 */
@Endpoint(id = "waiter")
public class WaiterEndpoint {

	static final String BREAK_MAIN_LOOP = "break-main-loop";

	static final String STOP_ALL_CONNECTIONS = "stop-all-connections";

	private final Waiter waiter;

	private final Map<String, Waiter> servers;

	/**
	 * Creates the endpoint for a server.
	 * @param waiter the server
	 */
	public WaiterEndpoint(Waiter waiter) {
		this(waiter, Map.of(waiter.getName(), waiter));
	}

	/**
	 * Creates the endpoint for the default server and the named ones, which are reached
	 * with their name as the first path segment.
	 * @param waiter the default server
	 * @param servers every server by name, the default one included
	 */
	public WaiterEndpoint(Waiter waiter, Map<String, ? extends Waiter> servers) {
		this.waiter = waiter;
		this.servers = new TreeMap<>(servers);
	}

	/**
	 * The default server's state and live connections.
	 * @return a snapshot
	 */
	@ReadOperation
	public ServerDescriptor server() {
		return describe(this.waiter);
	}

	/**
	 * One server's state and live connections ({@code GET /actuator/waiter/{server}}).
	 * @param server the server's name
	 * @return a snapshot, or {@code null} (404) for an unknown name
	 */
	@ReadOperation
	public @Nullable ServerDescriptor server(@Selector String server) {
		Waiter named = this.servers.get(server);
		return (named != null) ? describe(named) : null;
	}

	private ServerDescriptor describe(Waiter w) {
		List<ConnectionDescriptor> connections = w.connections().stream().map(ConnectionDescriptor::of).toList();
		return new ServerDescriptor(w.getName(), w.getState(), w.getPort(), w.getMode(), w.isSslInUse(),
				w.getActiveConnections(), w.getWorkerCount(), w.getBusyWorkerCount(), w.getRejectedCounts(),
				w.getLastAcceptFailure(), connections, List.copyOf(this.servers.keySet()));
	}

	/**
	 * Delivers a signal or breaks the main loop of the default server.
	 * @param action {@code hup}, {@code usr1}, {@code usr2}, {@code break-main-loop} or
	 * {@code stop-all-connections}
	 * @return the server's state after the action
	 */
	@WriteOperation
	public ActionResult act(@Selector String action) {
		return act(this.waiter, action);
	}

	/**
	 * The same for one server ({@code POST /actuator/waiter/{server}/{action}}).
	 * @param server the server's name
	 * @param action as for the default server
	 * @return the server's state after the action, or {@code null} (404) for an unknown name
	 */
	@WriteOperation
	public @Nullable ActionResult act(@Selector String server, @Selector String action) {
		Waiter named = this.servers.get(server);
		return (named != null) ? act(named, action) : null;
	}

	private static ActionResult act(Waiter waiter, String action) {
		String normalized = action.toLowerCase(Locale.ROOT);
		switch (normalized) {
			case BREAK_MAIN_LOOP -> waiter.breakMainLoop();
			case STOP_ALL_CONNECTIONS -> waiter.stopAllConnections();
			default -> waiter.signal(signal(action));
		}
		return new ActionResult(normalized, waiter.getState());
	}

	/**
	 * Closes one live connection of the default server.
	 * @param id the connection's id
	 * @return whether such a connection was live, or {@code null} (404) if not
	 */
	@DeleteOperation
	public @Nullable ActionResult close(@Selector long id) {
		return close(this.waiter, id);
	}

	/**
	 * Closes one live connection of one server ({@code DELETE /actuator/waiter/{server}/{id}}).
	 * @param server the server's name
	 * @param id the connection's id
	 * @return whether such a connection was live, or {@code null} (404) if not
	 */
	@DeleteOperation
	public @Nullable ActionResult close(@Selector String server, @Selector long id) {
		Waiter named = this.servers.get(server);
		return (named != null) ? close(named, id) : null;
	}

	private static @Nullable ActionResult close(Waiter waiter, long id) {
		return waiter.closeConnection(id) ? new ActionResult("closed " + id, waiter.getState()) : null;
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
	 * @param servers the names of every server of the application
	 */
	public record ServerDescriptor(String name, WaiterState state, int port, WaiterMode mode, boolean ssl,
			int activeConnections, int workers, int busyWorkers, Map<String, Long> rejected,
			@Nullable WaiterAcceptFailure lastAcceptFailure, List<ConnectionDescriptor> connections,
			List<String> servers) {
	}

	/**
	 * One live connection.
	 * @param id the id
	 * @param peer the client's address and port
	 * @param since when it was accepted
	 * @param bytesReceived bytes read so far
	 * @param bytesSent bytes written so far
	 * @param ssl whether it runs over TLS
	 * @param requests requests read so far (request model; 0 in the connection model)
	 */
	public record ConnectionDescriptor(long id, String peer, Instant since, long bytesReceived, long bytesSent,
			boolean ssl, long requests) {

		static ConnectionDescriptor of(WaiterConnection connection) {
			return new ConnectionDescriptor(connection.id(), connection.peerHost() + ":" + connection.peerPort(),
					connection.acceptedAt(), connection.bytesReceived(), connection.bytesSent(), connection.isSsl(),
					(connection instanceof SocketConnection socket) ? socket.readState().requests() : 0);
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
