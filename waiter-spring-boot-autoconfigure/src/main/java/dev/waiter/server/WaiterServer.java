package dev.waiter.server;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.Waiter;
import dev.waiter.WaiterAcceptFailure;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterMode;
import dev.waiter.WaiterOutcome;
import dev.waiter.WaiterSignal;
import dev.waiter.WaiterState;
import dev.waiter.event.WaiterListeningEvent;
import dev.waiter.event.WaiterSignalEvent;
import dev.waiter.event.WaiterStartingEvent;
import dev.waiter.event.WaiterStoppingEvent;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.threads.WorkerThreads;
import dev.waiter.server.timeout.IoTimeouts;
import dev.waiter.server.transport.WaiterSocketActivationException;
import dev.waiter.server.transport.UnixServerSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The waiter server: Net::Waiter's object, as a {@link SmartLifecycle} bean. {@link #start()}
 * is Net::Waiter's {@code run()}: it binds the listen socket and starts the accepting
 * threads of the configured mode. {@link #stop(Runnable)} stops accepting at once and,
 * with graceful shutdown, lets live connections finish on a {@code waiter-shutdown}
 * thread before it closes the rest. A stopped server can be started again. Each run has
 * connections of its own ({@link RunConnections}) and a non-daemon thread that holds the
 * JVM from its start to the end of its stop, main loop broken or not ({@link dev.waiter.server.threads.JvmKeeper}).
 * <p>
 * Every hook is an event published through the given publisher, on the thread the event
 * class names. Lifecycle methods are called by the lifecycle thread; the {@link Waiter}
 * methods are safe from any thread.
 */
public class WaiterServer implements Waiter, SmartLifecycle {

	/**
	 * Start late and stop early, as Boot's web servers do: after the beans that handlers
	 * use are running, and before they stop.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private static final Logger logger = LoggerFactory.getLogger(WaiterServer.class);

	/** The longest a stop waits for clients that accept() returned to be admitted. */
	private static final Duration ACCEPTS_DECIDED_TIMEOUT = Duration.ofSeconds(1);

	private final WaiterServerSettings settings;

	private final RunConnections connections = new RunConnections();

	private final ServerEvents events;

	private final AtomicLong connectionIds = new AtomicLong();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable ServerRun run;

	private volatile boolean startFailed;

	/**
	 * Creates a server; nothing is bound until {@link #start()}.
	 * @param settings the configuration, read at each start
	 * @param publisher where events go, usually the application context
	 */
	public WaiterServer(WaiterServerSettings settings, ApplicationEventPublisher publisher) {
		this.settings = settings;
		this.events = new ServerEvents(this, publisher);
	}

	/**
	 * The settings the next {@link #start()} reads; the running server reads its own
	 * immutable copy of them, taken at its start.
	 * @return the settings
	 */
	public WaiterServerSettings getSettings() {
		return this.settings;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.run != null) {
				return;
			}
			RunSettings settings = new RunSettings(this.settings);
			this.events.strictly(new WaiterStartingEvent(this, settings.getMode(), settings.getAddress(),
					settings.getPort(), settings.getTls() != null));
			WorkerThreads threads = new WorkerThreads(settings.isVirtualThreads());
			ConnectionRegistry registry = new ConnectionRegistry();
			ConnectionRunner runner = new ConnectionRunner(this, settings, registry, threads);
			ConnectionDispatcher dispatcher = ConnectionDispatcher.of(this, settings, runner, threads);
			ServerSocket listen;
			try {
				listen = ListenSocket.bind(settings, dispatcher.acceptTimeout(settings), runner.needsChannels());
			}
			catch (WaiterBindException | WaiterSocketActivationException ex) {
				this.startFailed = true;
				throw ex;
			}
			this.startFailed = false;
			IoTimeouts ioTimeouts = ServerRun.timeouts(registry, settings);
			ServerRun started = new ServerRun(settings, listen, runner, dispatcher, ioTimeouts);
			this.connections.begin(registry);
			this.run = started;
			try {
				this.events.strictly(new WaiterListeningEvent(this, ListenSocket.eventAddress(listen),
						listen.getLocalPort(), settings.getTls() != null));
			}
			catch (RuntimeException ex) {
				ListenSocket.closeQuietly(listen);
				this.run = null;
				throw ex;
			}
			logger.info("Waiter listening on {} ({})", ListenSocket.where(listen),
					StartupSummary.of(settings, threads.isVirtual()));
			if (settings.isVirtualThreads() && !threads.isVirtual()) {
				logger.info("Virtual threads were asked for but Java {} has none: using platform threads",
						Runtime.version().feature());
			}
			started.holdJvm();
			if (ioTimeouts != null) {
				ioTimeouts.start();
			}
			dispatcher.start(listen);
		}
	}

	/**
	 * Stops at once: closes the listen socket and every live connection, waits briefly
	 * for their events, then publishes the stopping event; on the calling thread.
	 */
	@Override
	public void stop() {
		ServerRun stopping = beginStop();
		if (stopping != null) {
			finish(stopping, false);
		}
	}

	/**
	 * Stops as {@code waiter.shutdown} says. Graceful: the listen socket closes at once
	 * (new clients are refused), then a {@code waiter-shutdown} thread waits for live
	 * connections, closes what is left at the deadline, publishes the stopping event and
	 * calls back. The lifecycle thread is never blocked.
	 */
	@Override
	public void stop(Runnable callback) {
		ServerRun stopping = beginStop();
		if (stopping == null) {
			callback.run();
			return;
		}
		if (stopping.settings.getShutdown() == WaiterShutdown.IMMEDIATE) {
			finish(stopping, false);
			callback.run();
			return;
		}
		Thread drain = new Thread(() -> {
			try {
				finish(stopping, true);
			}
			finally {
				callback.run();
			}
		}, "waiter-shutdown");
		drain.setDaemon(true);
		drain.start();
	}

	private @Nullable ServerRun beginStop() {
		synchronized (this.lifecycleMonitor) {
			ServerRun current = this.run;
			if (current == null || current.stopping) {
				return null;
			}
			current.stopping = true;
			current.closeListen();
			current.registry.awaitAcceptsDecided(ACCEPTS_DECIDED_TIMEOUT);
			current.registry.closeAdmission();
			logger.info("Waiter stopped accepting on {}; {} connection(s) live", ListenSocket.where(current.listen),
					current.registry.size());
			return current;
		}
	}

	/**
	 * Drains or closes the run's connections ({@link ConnectionDrain}), ends the run,
	 * publishes the stopping event and lets the JVM go.
	 */
	private void finish(ServerRun stopping, boolean graceful) {
		boolean drained = false;
		try {
			drained = ConnectionDrain.drainOrClose(stopping.registry, stopping, graceful);
		}
		finally {
			if (stopping.ioTimeouts != null) {
				stopping.ioTimeouts.stop();
			}
			stopping.runner.closeRun();
			synchronized (this.lifecycleMonitor) {
				if (this.run == stopping) {
					this.run = null;
				}
			}
		}
		this.events.quietly(new WaiterStoppingEvent(this, drained));
		stopping.releaseJvm();
	}

	/**
	 * Running from a successful start until its stop has finished (drained, stopping
	 * event published).
	 */
	@Override
	public boolean isRunning() {
		return this.run != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public String getName() {
		return this.settings.getName();
	}

	@Override
	public WaiterMode getMode() {
		ServerRun current = this.run;
		return (current != null) ? current.settings.getMode() : this.settings.getMode();
	}

	@Override
	public int getPort() {
		ServerRun current = this.run;
		return (current != null) ? current.port : -1;
	}

	@Override
	public @Nullable InetAddress getAddress() {
		ServerRun current = this.run;
		return (current != null) ? current.listen.getInetAddress() : null;
	}

	@Override
	public @Nullable Path getUnixSocket() {
		ServerRun current = this.run;
		return (current != null && current.listen instanceof UnixServerSocket unix) ? unix.path() : null;
	}

	@Override
	public @Nullable ServerSocket getServerSocket() {
		ServerRun current = this.run;
		return (current != null) ? current.listen : null;
	}

	@Override
	public WaiterState getState() {
		ServerRun current = this.run;
		if (current == null) {
			return this.startFailed ? WaiterState.FAILED : WaiterState.STOPPED;
		}
		if (current.stopping) {
			return WaiterState.STOPPING;
		}
		return current.listen.isClosed() ? WaiterState.BROKEN : WaiterState.LISTENING;
	}

	@Override
	public boolean isListening() {
		ServerRun current = this.run;
		return current != null && !current.listen.isClosed();
	}

	@Override
	public boolean isSslInUse() {
		ServerRun current = this.run;
		return ((current != null) ? current.settings.getTls() : this.settings.getTls()) != null;
	}

	@Override
	public boolean isChild() {
		return ConnectionRunner.current() != null;
	}

	@Override
	public @Nullable WaiterConnection currentConnection() {
		return ConnectionRunner.current();
	}

	@Override
	public void breakMainLoop() {
		ServerRun current = this.run;
		if (current != null) {
			current.closeListen();
			logger.info("Waiter main loop broken: no longer accepting on {}", ListenSocket.where(current.listen));
		}
	}

	@Override
	public Map<String, Long> getRejectedCounts() {
		return this.events.record().rejectedCounts();
	}

	@Override
	public @Nullable WaiterAcceptFailure getLastAcceptFailure() {
		return this.events.record().lastAcceptFailure();
	}

	@Override
	public int getActiveConnections() {
		return this.connections.shown().size();
	}

	@Override
	public int getWorkerCount() {
		ServerRun current = this.run;
		return (current != null) ? current.dispatcher.workerCount() : 0;
	}

	@Override
	public int getBusyWorkerCount() {
		ServerRun current = this.run;
		return (current != null) ? current.dispatcher.busyWorkerCount() : 0;
	}

	@Override
	public List<WaiterConnection> connections() {
		return this.connections.shown().snapshot();
	}

	@Override
	public void signal(WaiterSignal signal) {
		logger.debug("Signal {} delivered", signal);
		this.events.quietly(new WaiterSignalEvent(this, signal, null));
		ServerRun current = this.run;
		boolean propagate = (current != null) ? current.settings.isSignalsPropagate() : this.settings.isSignalsPropagate();
		if (propagate && signal != WaiterSignal.HUP) {
			propagateSignal(signal);
		}
	}

	@Override
	public void propagateSignal(WaiterSignal signal) {
		for (WaiterConnection connection : this.connections.shown().snapshot()) {
			this.events.quietly(new WaiterSignalEvent(this, signal, connection));
		}
	}

	@Override
	public void stopAllConnections() {
		this.connections.closeAll(WaiterOutcome.CLOSED);
	}

	@Override
	public boolean closeConnection(long id) {
		SocketConnection connection = this.connections.get(id);
		if (connection == null) {
			return false;
		}
		connection.closeBy(WaiterOutcome.CLOSED);
		return true;
	}

	// Called by the accepting threads and connection threads of this package.

	ServerEvents events() {
		return this.events;
	}

	long nextConnectionId() {
		return this.connectionIds.incrementAndGet();
	}

	/**
	 * Whether the listen socket was closed by stop or breakMainLoop, rather than by
	 * something else (then the acceptor reports an accept error).
	 */
	boolean closedOnPurpose(ServerSocket listen) {
		ServerRun current = this.run;
		return current == null || current.listen != listen || current.closedOnPurpose;
	}

}
