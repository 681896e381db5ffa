package dev.waiter.server;

import java.net.ServerSocket;
import java.time.Duration;

import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.threads.AcceptorThread;
import dev.waiter.server.threads.WorkerThreads;
import org.jspecify.annotations.Nullable;

/**
 * Fork mode: the acceptor thread hands each client to a thread of its own (a new virtual
 * thread, or a pooled platform thread, by {@link WorkerThreads}), as Net::Waiter forks a
 * child per client.
 */
final class ForkDispatcher implements ConnectionDispatcher, AcceptLoop.Handler {

	private final WaiterServer server;

	private final ConnectionRunner runner;

	private final WorkerThreads threads;

	private @Nullable Thread acceptor;

	ForkDispatcher(WaiterServer server, ConnectionRunner runner, WorkerThreads threads) {
		this.server = server;
		this.runner = runner;
		this.threads = threads;
	}

	@Override
	public void start(ServerSocket listen) {
		this.acceptor = AcceptorThread.start(new AcceptLoop(this.server, this.runner, listen, this, null));
	}

	@Override
	public void handOff(SocketConnection connection, @Nullable Throwable acceptError) {
		try {
			this.threads.start("waiter-" + connection.id(), () -> this.runner.serve(connection, true, acceptError));
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			this.runner.abandon(connection, ex);
		}
	}

	@Override
	public void awaitStopped(Duration timeout) throws InterruptedException {
		AcceptorThread.join(this.acceptor, timeout);
		this.threads.shutdown();
	}

	@Override
	public int workerCount() {
		return this.runner.registry().size();
	}

	@Override
	public int busyWorkerCount() {
		return this.runner.registry().size();
	}

}
