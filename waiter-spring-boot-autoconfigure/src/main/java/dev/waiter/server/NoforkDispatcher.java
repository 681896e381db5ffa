package dev.waiter.server;

import java.net.ServerSocket;
import java.time.Duration;

import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.threads.AcceptorThread;
import org.jspecify.annotations.Nullable;

/**
 * Nofork mode (NOFORK): the acceptor serves each client itself, so clients are served
 * strictly one after another, in accept order; the next waits in the listen backlog.
 */
final class NoforkDispatcher implements ConnectionDispatcher, AcceptLoop.Handler {

	private final WaiterServer server;

	private final ConnectionRunner runner;

	private volatile @Nullable Thread acceptor;

	NoforkDispatcher(WaiterServer server, ConnectionRunner runner) {
		this.server = server;
		this.runner = runner;
	}

	@Override
	public void start(ServerSocket listen) {
		this.acceptor = AcceptorThread.start(new AcceptLoop(this.server, this.runner, listen, this, null));
	}

	@Override
	public void handOff(SocketConnection connection, @Nullable Throwable acceptError) {
		this.runner.serve(connection, true, acceptError);
	}

	@Override
	public void awaitStopped(Duration timeout) throws InterruptedException {
		AcceptorThread.join(this.acceptor, timeout);
	}

	@Override
	public int workerCount() {
		Thread thread = this.acceptor;
		return (thread != null && thread.isAlive()) ? 1 : 0;
	}

	@Override
	public int busyWorkerCount() {
		return this.runner.registry().size();
	}

}
