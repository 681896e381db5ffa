package dev.waiter.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterSslErrorEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.server.connection.OrderlyClose;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.tls.TlsHandshake;
import dev.waiter.server.tls.WaiterTls;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ends of a connection's serving, the same in both handler models: its opening
 * (worker started event, TLS handshake, with the SSL error event when that fails) and its
 * end (closing event, the close that lets the replies arrive whole, the outcome, one log
 * line for what failed it, the exit event). Runs on the connection's thread; one per run.
 */
final class ConnectionLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionRunner.class);

	private final WaiterServer server;

	private final RunSettings settings;

	ConnectionLifecycle(WaiterServer server, RunSettings settings) {
		this.server = server;
		this.settings = settings;
	}

	/** How the start of a connection went: what failed it, and whether that was its TLS handshake. */
	record Opening(@Nullable Throwable error, boolean sslFailed) {
	}

	/** The worker started event and the TLS handshake, before a connection is served. */
	Opening open(SocketConnection connection, String workerName, boolean workerStarted, @Nullable Throwable failed) {
		Throwable error = failed;
		try {
			if (error == null && workerStarted) {
				error = this.server.events()
					.forConnection(new WaiterWorkerStartedEvent(this.server, workerName, connection));
			}
			WaiterTls tls = this.settings.getTls();
			if (error == null && tls != null) {
				error = TlsHandshake.perform(connection, tls);
				if (error != null) {
					this.server.events().quietly(new WaiterSslErrorEvent(this.server, connection, (Exception) error));
					return new Opening(error, true);
				}
			}
		}
		catch (Throwable ex) {
			error = combine(error, ex);
		}
		return new Opening(error, false);
	}

	/** The closing event, the close and the exit event of a connection that was served (or failed to start). */
	ConnectionServingHook.Served finish(SocketConnection connection, String workerName, @Nullable Throwable failed,
			boolean sslFailed) {
		Throwable error = failed;
		try {
			error = combine(error, this.server.events().forConnection(new WaiterClosingEvent(this.server, connection)));
		}
		catch (Throwable ex) {
			error = combine(error, ex);
		}
		try {
			close(connection);
		}
		catch (Throwable ex) {
			error = combine(error, ex);
		}
		error = combine(error, connection.outputFailure());
		WaiterOutcome outcome = (sslFailed && connection.closedBy() == null) ? WaiterOutcome.SSL_ERROR
				: outcomeOf(connection, error);
		logOnce(connection, outcome, error);
		Duration duration = Duration.ofNanos(System.nanoTime() - connection.acceptedNanos());
		this.server.events().quietly(new WaiterWorkerExitedEvent(this.server, workerName, connection, outcome, duration,
				connection.bytesReceived(), connection.bytesSent(), error));
		return new ConnectionServingHook.Served(outcome, error);
	}

	/**
	 * An orderly close when the handlers are done; after a stop's idle close, the linger
	 * that lets the replies arrive whole; when the server or an operator already closed the
	 * socket, only what is left of it.
	 */
	private static void close(SocketConnection connection) {
		try {
			if (connection.closedBy() == null) {
				OrderlyClose.close(connection);
			}
			else if (connection.readState().drained()) {
				// a stop's own deadline bounds its linger; an idle timeout's is bounded here
				OrderlyClose.lingerAfterIdleClose(connection, connection.closedBy() != WaiterOutcome.SHUTDOWN);
			}
		}
		finally {
			connection.abort();
		}
	}



	private static @Nullable Throwable combine(@Nullable Throwable first, @Nullable Throwable second) {
		if (first == null) {
			return second;
		}
		if (second != null && second != first) {
			first.addSuppressed(second);
		}
		return first;
	}

	static WaiterOutcome outcomeOf(SocketConnection connection, @Nullable Throwable error) {
		WaiterOutcome closedBy = connection.closedBy();
		if (closedBy != null) {
			return closedBy;
		}
		if (error == null) {
			return WaiterOutcome.COMPLETED;
		}
		return isTimeout(error) ? WaiterOutcome.TIMEOUT : WaiterOutcome.ERROR;
	}

	private static boolean isTimeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Logs how a connection failed, once: a handler's bug at ERROR with its stack; an I/O
	 * error (a client that reset or went away) at DEBUG, as a hostile client must not be
	 * able to flood the log. Both are counted by the exit event's outcome.
	 */
	private static void logOnce(SocketConnection connection, WaiterOutcome outcome, @Nullable Throwable error) {
		if (error == null) {
			return;
		}
		if (outcome == WaiterOutcome.SSL_ERROR) {
			logger.debug("TLS handshake with {} failed: {}", connection, error.toString());
		}
		else if (outcome != WaiterOutcome.ERROR) {
			logger.debug("Connection {} ended: {}", connection, outcome, error);
		}
		else if (error instanceof IOException) {
			logger.debug("Connection {} failed: {}", connection, error.toString());
		}
		else {
			logger.error("Handler failed on connection {}", connection, error);
		}
	}

}
