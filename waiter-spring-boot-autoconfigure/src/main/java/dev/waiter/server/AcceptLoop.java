package dev.waiter.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.waiter.WaiterMode;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.server.admission.ClientAdmission;
import dev.waiter.server.connection.SocketConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Net::Waiter's main loop: accept, register, announce, hand off; repeat until the listen
 * socket closes, which is the only way out: accept on a closed socket throws (a close the
 * server did not make is reported as an accept error). Runs on the acceptor thread (fork and nofork mode) or on each pool worker
 * (prefork mode). Per accept it does only what must happen in order: socket options, the
 * max-connections check and the accepted event; everything else runs on the connection's
 * thread.
 */
final class AcceptLoop implements Runnable {

	/** What the loop's owner does with an accepted client and with idle time. */
	interface Handler {

		/**
		 * Serves the connection, on this thread or another.
		 * @param connection the registered connection
		 * @param acceptError what a listener of the accepted event threw, if anything
		 */
		void handOff(SocketConnection connection, @Nullable Throwable acceptError);

		/**
		 * Called after each idle event.
		 * @param idleTime how long the loop has waited without a client
		 * @return false to leave the loop (a prefork worker retiring)
		 */
		default boolean keepAccepting(Duration idleTime) {
			return true;
		}

	}

	private static final Logger logger = LoggerFactory.getLogger(AcceptLoop.class);

	private static final Duration ACCEPT_ERROR_BACKOFF = Duration.ofMillis(50);

	private final WaiterServer server;

	private final ServerSocket listen;

	private final Handler handler;

	private final @Nullable String workerName;

	private final RunSettings settings;

	private final int maxConnections;

	private final ClientAdmission admission;

	private final ConnectionRegistry registry;

	AcceptLoop(WaiterServer server, ConnectionRunner runner, ServerSocket listen, Handler handler,
			@Nullable String workerName) {
		RunSettings settings = runner.settings();
		this.server = server;
		this.settings = settings;
		this.maxConnections = (this.settings.getMode() == WaiterMode.FORK) ? this.settings.getMaxConnections()
				: Integer.MAX_VALUE;
		this.admission = runner.admission();
		this.registry = runner.registry();
		this.listen = listen;
		this.handler = handler;
		this.workerName = workerName;
	}

	@Override
	public void run() {
		long idleSince = System.nanoTime();
		ConnectionRegistry registry = this.registry;
		while (true) {
			Socket socket;
			registry.acceptBegins();
			try {
				socket = this.listen.accept();
			}
			catch (SocketTimeoutException ex) {
				registry.acceptEnds();
				Duration idleTime = Duration.ofNanos(System.nanoTime() - idleSince);
				this.server.events().idle(idleTime, this.workerName);
				if (!this.handler.keepAccepting(idleTime)) {
					return;
				}
				continue;
			}
			catch (IOException ex) {
				registry.acceptEnds();
				if (this.listen.isClosed()) {
					if (!this.server.closedOnPurpose(this.listen)) {
						this.server.events().acceptError(ex);
					}
					return;
				}
				this.server.events().acceptError(ex);
				pause(ACCEPT_ERROR_BACKOFF);
				continue;
			}
			admit(socket);
			idleSince = System.nanoTime();
		}
	}

	/**
	 * Admission ({@link ClientAdmission}), max-connections, the accepted event and the
	 * hand-off of one client; the idle clock restarts only after it returns, as nofork and
	 * prefork serve inline. With the PROXY protocol on, the accepted event and the checks
	 * that need the client's address wait for the header, on the connection's thread.
	 */
	private void admit(Socket socket) {
		SocketConnection connection;
		String refusal;
		ConnectionRegistry.Admission decision = null;
		try {
			connection = new SocketConnection(this.server.nextConnectionId(), socket, this.settings.getCharset(),
					this.settings.getFraming(), this.registry::isStopping, this.settings.isReadTimed());
			refusal = this.admission.onAccept(connection);
			if (refusal == null) {
				decision = this.registry.tryAdd(connection, this.maxConnections);
			}
		}
		finally {
			this.registry.acceptEnds();
		}
		if (refusal != null) {
			this.admission.reject(connection, refusal);
			return;
		}
		switch (decision) {
			case FULL -> this.admission.rejectFull(connection);
			case STOPPING -> {
				logger.debug("Closed {}: accepted as the server stopped", connection);
				connection.abort();
			}
			case ADMITTED -> {
				if (this.admission.deferred()) {
					this.handler.handOff(connection, null);
					return;
				}
				String overCap = this.admission.onRegistered(connection);
				if (overCap != null) {
					this.registry.remove(connection);
					this.admission.reject(connection, overCap);
					return;
				}
				Throwable acceptError = this.server.events()
					.forConnection(new WaiterAcceptedEvent(this.server, connection));
				this.handler.handOff(connection, acceptError);
			}
		}
	}


	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
