package dev.waiter.server;

import java.net.ServerSocket;

import dev.waiter.server.proxy.WaiterProxyProtocol;
import dev.waiter.server.threads.JvmKeeper;
import dev.waiter.server.timeout.IoTimeouts;
import org.jspecify.annotations.Nullable;

/**
 * One run of a server, from a successful bind to the end of stop: the immutable settings
 * every thread of the run reads, the listen socket, the run's connections, the runner and
 * the dispatcher of the run's mode, and the thread that holds the JVM meanwhile. Flags are written by the lifecycle thread (or a handler calling
 * breakMainLoop) and read by the accepting threads.
 */
final class ServerRun {

	final RunSettings settings;

	final ServerSocket listen;

	final int port;

	final ConnectionRegistry registry;

	final ConnectionRunner runner;

	final ConnectionDispatcher dispatcher;

	final @Nullable IoTimeouts ioTimeouts;

	private volatile @Nullable JvmKeeper keeper;

	volatile boolean stopping;

	volatile boolean closedOnPurpose;

	ServerRun(RunSettings settings, ServerSocket listen, ConnectionRunner runner,
			ConnectionDispatcher dispatcher, @Nullable IoTimeouts ioTimeouts) {
		this.settings = settings;
		this.listen = listen;
		this.port = listen.getLocalPort();
		this.registry = runner.registry();
		this.runner = runner;
		this.dispatcher = dispatcher;
		this.ioTimeouts = ioTimeouts;
	}

	/**
	 * The run's timeout sweeper, or {@code null} when no timeout is set.
	 * @param registry the run's live connections
	 * @param settings the run's settings
	 */
	static @Nullable IoTimeouts timeouts(ConnectionRegistry registry, RunSettings settings) {
		WaiterProxyProtocol proxy = settings.getProxyProtocol();
		return IoTimeouts.of(registry::forEach, new IoTimeouts.Limits(settings.getReadTimeout(),
				settings.getWriteTimeout(), (proxy != null) ? proxy.headerTimeout() : null, settings.getIdleTimeout(),
				settings.getRequestTimeout()));
	}

	/** Holds the JVM from here to {@link #releaseJvm()}; lifecycle thread. */
	void holdJvm() {
		this.keeper = JvmKeeper.start(this.settings.getName());
	}

	/** At the end of the stop; stopping thread. */
	void releaseJvm() {
		JvmKeeper held = this.keeper;
		if (held != null) {
			held.release();
		}
	}

	void closeListen() {
		this.closedOnPurpose = true;
		ListenSocket.closeQuietly(this.listen);
		this.dispatcher.listenClosed();
	}

}
