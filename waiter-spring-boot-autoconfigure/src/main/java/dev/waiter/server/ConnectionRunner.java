package dev.waiter.server;

import java.io.IOException;
import java.net.Socket;
import java.util.List;

import dev.waiter.WaiterMode;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.server.access.AccessRules;
import dev.waiter.server.admission.ClientAdmission;
import dev.waiter.server.admission.PeerRateLimiter;
import dev.waiter.server.connection.OrderlyClose;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.threads.IdleSelector;
import dev.waiter.server.threads.WorkerThreads;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves one connection on the calling thread, which becomes a "child" for the duration:
 * started, TLS handshake (failure: ssl error, then closing), process, closing, close,
 * exited. The connection stays registered until its exit event is out, so a graceful stop
 * that waits for the registry also waits for it. Whatever a listener throws, an
 * {@code Error} included, ends this connection only: it is logged once here and carried by
 * the exit event, and the socket is closed whatever happens. One per run, with the run's
 * settings.
 */
final class ConnectionRunner {

	static final String MDC_CONNECTION = "waiter.connection";

	static final String MDC_PEER = "waiter.peer";

	private static final Logger logger = LoggerFactory.getLogger(ConnectionRunner.class);

	private static final ThreadLocal<SocketConnection> current = new ThreadLocal<>();

	/**
	 * Classes first needed when a connection ends, loaded with this one: loading a class
	 * opens a file, and a server out of descriptors must still be able to close sockets.
	 */
	static final List<Class<?>> CLOSE_PATH = List.of(OrderlyClose.class, WaiterWorkerExitedEvent.class,
			WaiterClosingEvent.class, WaiterOutcome.class, ConnectionServingHook.Served.class);

	private final WaiterServer server;

	/**
	 * The send buffer a connection gets when {@code waiter.write-timeout} is set (Linux
	 * doubles it: 128 KiB). The kernel wakes a blocked writer only once a good part of its
	 * send buffer is free, and the buffer it sizes by itself grows to megabytes: a client
	 * that reads slowly but steadily would free that much only after the timeout, and be cut
	 * off although it never stalled. The price is throughput on links with a long round trip
	 * (about 128 KiB per round trip), paid only by servers that ask for a write timeout.
	 */
	static final int WRITE_TIMED_SEND_BUFFER = 64 * 1024;

	private final RunSettings settings;

	private final ConnectionRegistry registry;

	private final ClientAdmission admission;

	private final @Nullable WaiterRequestModel requestModel;

	/** Where connections of the request model wait without a thread, when they do. */
	private final @Nullable IdleSelector idleSelector;

	private final @Nullable WorkerThreads threads;

	private final ConnectionLifecycle lifecycle;

	ConnectionRunner(WaiterServer server, RunSettings settings, ConnectionRegistry registry) {
		this(server, settings, registry, null);
	}

	ConnectionRunner(WaiterServer server, RunSettings settings, ConnectionRegistry registry,
			@Nullable WorkerThreads threads) {
		this.server = server;
		this.settings = settings;
		this.registry = registry;
		this.threads = threads;
		this.lifecycle = new ConnectionLifecycle(server, settings);
		this.requestModel = settings.getRequestModel();
		this.idleSelector = waitsOnSelector(settings, threads) ? openSelector(settings) : null;
		this.admission = new ClientAdmission(new AccessRules(settings.getAllow(), settings.getDeny()),
				settings.getProxyProtocol(), rateLimiter(settings), settings.getMaxConnectionsPerPeer(),
				registry::tryCountPeer, server.events()::rejected, settings.getUnixSocket());
	}

	/**
	 * Whether connections of the request model may wait on a selector between requests:
	 * with {@code SELECTOR}, and with {@code AUTO} on platform threads; in fork mode only,
	 * where a connection's thread is its own.
	 */
	static boolean waitsOnSelector(RunSettings settings, @Nullable WorkerThreads threads) {
		WaiterRequestModel model = settings.getRequestModel();
		if (model == null || threads == null || settings.getMode() != WaiterMode.FORK) {
			return false;
		}
		return switch (model.idleWait()) {
			case SELECTOR -> true;
			case THREAD -> false;
			// a timed read costs a virtual thread a timer per wait: measured, it halved the echo's rate
			case AUTO -> !threads.isVirtual();
		};
	}

	private static IdleSelector openSelector(RunSettings settings) {
		try {
			return IdleSelector.open(settings.getName());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not open the idle selector of server '" + settings.getName() + "'",
					ex);
		}
	}

	/** Whether the listen socket must give sockets with channels, which the idle selector needs. */
	boolean needsChannels() {
		return this.idleSelector != null;
	}

	/** At the end of the run, once its connections have ended; stopping thread. */
	void closeRun() {
		if (this.idleSelector != null) {
			this.idleSelector.close();
		}
	}

	/** How many connections wait parked on the idle selector now. */
	int parkedCount() {
		return (this.idleSelector != null) ? this.idleSelector.parkedCount() : 0;
	}

	WaiterServer server() {
		return this.server;
	}

	/** The start and end of each connection's serving, for the request model's sessions. */
	ConnectionLifecycle lifecycle() {
		return this.lifecycle;
	}

	/** A fresh table per run: a restart forgets the addresses. */
	private static @Nullable PeerRateLimiter rateLimiter(RunSettings settings) {
		Integer perSecond = settings.getMaxConnectionRatePerPeer();
		return (perSecond != null) ? new PeerRateLimiter(perSecond) : null;
	}

	/** The run's live connections. */
	ConnectionRegistry registry() {
		return this.registry;
	}

	ClientAdmission admission() {
		return this.admission;
	}

	static @Nullable SocketConnection current() {
		return current.get();
	}

	RunSettings settings() {
		return this.settings;
	}

	/**
	 * Runs the connection's events on this thread and closes it.
	 * @param connection the registered connection
	 * @param workerStarted whether to publish the worker-started event (fork and nofork
	 * mode: each connection is a worker; prefork workers announce themselves once)
	 * @param acceptError what a listener of the accepted event threw: then process is skipped
	 * (with the PROXY protocol on, the header is read and the accepted event published here
	 * first, and a refused client ends here). With {@code waiter.process-on-input}, a plain
	 * connection then waits for its client's first bytes before anything else: its thread
	 * parks on a shallow stack, without MDC or observation, until there is work.
	 */
	void serve(SocketConnection connection, boolean workerStarted, @Nullable Throwable acceptError) {
		String workerName = Thread.currentThread().getName();
		connection.ownedBy(Thread.currentThread());
		RequestSession parked = null;
		try {
			boolean deferred = this.admission.deferred();
			if (deferred) {
				bindToThread(connection);
				if (!this.admission.admitProxied(connection)) {
					return;
				}
			}
			Throwable accepted = deferred
					? this.server.events().forConnection(new WaiterAcceptedEvent(this.server, connection)) : acceptError;
			Throwable failed = (accepted != null) ? accepted : configure(connection);
			WaiterRequestModel model = this.requestModel;
			if (model != null) {
				bindToThread(connection);
				MDC.put(MDC_PEER, connection.peer().text());
				RequestSession session = new RequestSession(this, connection, model, this.idleSelector, workerName);
				if (session.start(workerStarted, failed)) {
					parked = session;
				}
				return;
			}
			if (failed == null && this.settings.isProcessOnInput() && this.settings.getTls() == null) {
				connection.awaitInput();
			}
			bindToThread(connection);
			MDC.put(MDC_PEER, connection.peer().text());
			ConnectionServingHook hook = this.settings.getServingHook();
			try {
				hook.serve(connection, () -> serveEvents(connection, workerName, workerStarted, failed));
			}
			catch (Throwable ex) {
				logger.error("Serving hook failed on connection {}", connection, ex);
			}
		}
		finally {
			letGo(connection, parked);
		}
	}

	/**
	 * Hands a parked connection of the request model to a new thread, which serves it on;
	 * on the idle selector's thread.
	 */
	void resume(SocketConnection connection, RequestSession session) {
		WorkerThreads workers = this.threads;
		try {
			if (workers == null) {
				throw new IllegalStateException("No worker threads to resume " + connection + " on");
			}
			workers.start("waiter-" + connection.id(), () -> serveResumed(connection, session));
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			abandon(connection, ex);
			session.abandoned(ex);
		}
	}

	private void serveResumed(SocketConnection connection, RequestSession session) {
		connection.ownedBy(Thread.currentThread());
		bindToThread(connection);
		MDC.put(MDC_PEER, connection.peer().text());
		RequestSession parked = null;
		try {
			if (session.resume()) {
				parked = session;
			}
		}
		finally {
			letGo(connection, parked);
		}
	}

	/**
	 * The end of a thread's serving: a connection to be parked is let go of and then parked;
	 * any other is closed and forgotten.
	 */
	private void letGo(SocketConnection connection, @Nullable RequestSession parked) {
		if (parked == null) {
			connection.abort();
			this.registry.remove(connection);
		}
		connection.ownedBy(null);
		current.remove();
		MDC.remove(MDC_CONNECTION);
		MDC.remove(MDC_PEER);
		if (parked != null) {
			parked.park();
		}
	}

	/** A registered connection no thread could be started for: closed and forgotten. */
	void abandon(SocketConnection connection, Throwable error) {
		logger.error("Could not start a thread for {}", connection, error);
		connection.close();
		this.registry.remove(connection);
	}

	/** Makes the connection this thread's current one ({@link WaiterServer#isChild()}, the MDC). */
	private static void bindToThread(SocketConnection connection) {
		current.set(connection);
		MDC.put(MDC_CONNECTION, Long.toString(connection.id()));
	}

	/** Every event of the connection, its close, and its exit event; what a serving hook wraps. */
	private ConnectionServingHook.Served serveEvents(SocketConnection connection, String workerName,
			boolean workerStarted, @Nullable Throwable failed) {
		ConnectionLifecycle.Opening opening = this.lifecycle.open(connection, workerName, workerStarted, failed);
		Throwable error = opening.error();
		if (error == null) {
			try {
				if (this.settings.isProcessOnInput()) {
					// a plain connection has its first bytes already; a TLS one waits here, after its handshake
					connection.awaitInput();
				}
				error = this.server.events().forConnection(new WaiterProcessEvent(this.server, connection));
			}
			catch (Throwable ex) {
				error = ex;
			}
		}
		return this.lifecycle.finish(connection, workerName, error, opening.sslFailed());
	}

	/**
	 * Sets the socket options here rather than on the acceptor, which has one thread for
	 * all. No SO_TIMEOUT: the read timeout is kept by {@link dev.waiter.server.timeout.IoTimeouts}, without a timer
	 * armed per read.
	 */
	private @Nullable Throwable configure(SocketConnection connection) {
		try {
			Socket socket = connection.socket();
			socket.setTcpNoDelay(this.settings.isTcpNoDelay());
			if (this.settings.isKeepAlive()) {
				socket.setKeepAlive(true);
			}
			if (this.settings.getWriteTimeout() != null) {
				socket.setSendBufferSize(WRITE_TIMED_SEND_BUFFER);
			}
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

}
