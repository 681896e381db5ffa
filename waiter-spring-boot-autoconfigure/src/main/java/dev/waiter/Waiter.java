package dev.waiter;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The running server as handlers and operators see it: Net::Waiter's {@code $self}.
 * Every event carries it as its source. All methods are safe from any thread.
 */
public interface Waiter {

	/**
	 * The server's name ({@code waiter.name}), the {@code server} tag of its meters.
	 * @return the name
	 */
	String getName();

	/**
	 * How connections are handed to threads.
	 * @return the mode
	 */
	WaiterMode getMode();

	/**
	 * The port the server listens on; with {@code waiter.port=0} the one the OS picked.
	 * @return the bound port, or -1 when not listening or listening on a Unix domain socket
	 */
	int getPort();

	/**
	 * The address the server listens on.
	 * @return the bound address, or {@code null} when not listening or listening on a Unix
	 * domain socket
	 */
	@Nullable InetAddress getAddress();

	/**
	 * The Unix domain socket the server listens on ({@code waiter.unix-socket}).
	 * @return the socket file's path, or {@code null} when not listening or listening on TCP
	 */
	default java.nio.file.@Nullable Path getUnixSocket() {
		return null;
	}

	/**
	 * The listen socket while listening (Net::Waiter's get_server_socket), for options
	 * waiter does not cover. Closing it breaks the main loop.
	 * @return the listen socket, or {@code null} when not listening
	 */
	@Nullable ServerSocket getServerSocket();

	/**
	 * Where the server is in its life.
	 * @return the state
	 */
	WaiterState getState();

	/**
	 * Whether the server is accepting clients: started, and the main loop not broken.
	 * @return true while listening
	 */
	boolean isListening();

	/**
	 * Clients accepted and refused at once since the server was created, by reason
	 * ({@code max-connections}, {@code denied}).
	 * @return the counts, an empty map before any refusal
	 */
	default java.util.Map<String, Long> getRejectedCounts() {
		return java.util.Map.of();
	}

	/**
	 * The last failed accept, for operators (the accept-error event has every one).
	 * @return the last failure, or {@code null} if no accept has failed
	 */
	default @Nullable WaiterAcceptFailure getLastAcceptFailure() {
		return null;
	}

	/**
	 * Whether a stop has begun: new clients are refused, idle connections are being closed,
	 * and handlers in the middle of a request should finish their reply and return.
	 * @return true from the start of a stop until the server is stopped
	 */
	default boolean isStopping() {
		return getState() == WaiterState.STOPPING;
	}

	/**
	 * Whether connections are served over TLS (ssl_in_use).
	 * @return true when TLS is configured
	 */
	boolean isSslInUse();

	/**
	 * Whether the calling thread serves a connection, i.e. is a "child" (is_child).
	 * @return true on a connection or worker thread
	 */
	boolean isChild();

	/**
	 * The connection the calling thread serves.
	 * @return the connection, or {@code null} off a connection thread
	 */
	@Nullable WaiterConnection currentConnection();

	/**
	 * Stops accepting new clients (break_main_loop): the listen socket closes at once and
	 * live connections go on. Safe to call from a handler; the run ends when the
	 * application stops the server.
	 */
	void breakMainLoop();

	/**
	 * Live connections now (get_busy_kids_count in fork mode).
	 * @return the count
	 */
	int getActiveConnections();

	/**
	 * Threads that serve or wait to serve clients (get_kids_count): live connection
	 * threads in fork mode, pool size in prefork mode, 1 in nofork mode while running.
	 * @return the count
	 */
	int getWorkerCount();

	/**
	 * Workers serving a client now (get_busy_kids_count).
	 * @return the count
	 */
	int getBusyWorkerCount();

	/**
	 * A snapshot of the live connections (get_kid_pids), oldest first.
	 * @return an immutable list
	 */
	List<WaiterConnection> connections();

	/**
	 * Delivers a signal to the server's listeners (on_sig_*); with
	 * {@code waiter.signals.propagate}, USR1 and USR2 also to every live connection
	 * (PROP_SIGUSR: HUP is never propagated).
	 * @param signal the signal
	 */
	void signal(WaiterSignal signal);

	/**
	 * Delivers a signal to every live connection (on_child_sig_*), whatever
	 * {@code waiter.signals.propagate} says.
	 * @param signal the signal
	 */
	void propagateSignal(WaiterSignal signal);

	/**
	 * Closes every live connection (stop_all_kids); each ends with outcome
	 * {@link WaiterOutcome#CLOSED} and its closing and exit events.
	 */
	void stopAllConnections();

	/**
	 * Closes one live connection by id.
	 * @param id the connection id
	 * @return true if such a connection was live
	 */
	boolean closeConnection(long id);

}
