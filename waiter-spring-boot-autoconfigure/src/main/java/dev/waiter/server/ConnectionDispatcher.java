package dev.waiter.server;

import java.net.ServerSocket;
import java.time.Duration;

import dev.waiter.server.threads.WorkerThreads;

/**
 * One mode's way of putting accepted clients on threads: {@link ForkDispatcher},
 * {@link NoforkDispatcher}, {@link PreforkDispatcher}. One instance per run; called by
 * the lifecycle thread to start and stop, and by the counters from any thread.
 */
interface ConnectionDispatcher {

	/**
	 * The dispatcher of the run's mode.
	 * @param server the server
	 * @param settings the run's settings
	 * @param runner the run's connection runner
	 * @param threads the run's worker threads
	 * @return the dispatcher, not started
	 */
	static ConnectionDispatcher of(WaiterServer server, RunSettings settings, ConnectionRunner runner,
			WorkerThreads threads) {
		return switch (settings.getMode()) {
			case FORK -> new ForkDispatcher(server, runner, threads);
			case NOFORK -> new NoforkDispatcher(server, runner);
			case PREFORK -> new PreforkDispatcher(server, runner, threads, settings);
		};
	}

	/**
	 * The listen socket's accept timeout: how often an idle accepting thread wakes up.
	 * @param settings the server settings
	 * @return the timeout, zero for none
	 */
	default Duration acceptTimeout(RunSettings settings) {
		return settings.getAcceptTimeout();
	}

	/**
	 * Starts the threads that accept on the bound listen socket.
	 * @param listen the listen socket
	 */
	void start(ServerSocket listen);

	/**
	 * Called once the listen socket is closed, so that threads waiting for that end.
	 */
	default void listenClosed() {
	}

	/**
	 * Waits for the accepting threads to end after the listen socket closed.
	 * @param timeout the longest wait
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	void awaitStopped(Duration timeout) throws InterruptedException;

	/**
	 * Threads that serve or wait to serve clients (get_kids_count).
	 * @return the count
	 */
	int workerCount();

	/**
	 * Workers serving a client now (get_busy_kids_count).
	 * @return the count
	 */
	int busyWorkerCount();

}
