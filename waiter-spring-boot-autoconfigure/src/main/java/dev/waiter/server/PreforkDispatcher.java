package dev.waiter.server;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.threads.WorkerThreads;
import org.jspecify.annotations.Nullable;

/**
 * Prefork mode (PREFORK, MAXFORK, PX_IDLE): a pool of workers that each accept on the
 * shared listen socket and serve their client themselves. When a worker takes a client
 * and few are left idle (Net::Waiter's rule: idle &lt;= 1 + workers / 10) the pool grows,
 * up to the maximum; a worker idle for the idle timeout retires, never below the minimum
 * and never when it is the last idle one. So while fewer than the maximum are busy, some
 * worker is always accepting. The counts change together under one lock (a handful of
 * instructions, once per client and per retirement). A worker is counted and registered
 * as live under that lock before its thread starts, and none is added once the listen
 * socket has closed: so a stop waits for every worker that will ever run, and their events
 * come before the stopping event.
 */
final class PreforkDispatcher implements ConnectionDispatcher {

	private final WaiterServer server;

	private final ConnectionRunner runner;

	private final WorkerThreads threads;

	private final int min;

	private final int max;

	private final Duration idleTimeout;

	private final Object counts = new Object();

	private volatile int workers;

	private volatile int busy;

	private final AtomicLong workerIds = new AtomicLong();

	private final Set<Worker> live = ConcurrentHashMap.newKeySet();

	/** False once the listen socket closed: no worker is added after; guarded by {@link #counts}. */
	private boolean accepting = true;

	private @Nullable ServerSocket listen;

	PreforkDispatcher(WaiterServer server, ConnectionRunner runner, WorkerThreads threads,
			RunSettings settings) {
		this.server = server;
		this.runner = runner;
		this.threads = threads;
		this.min = settings.getPreforkMin();
		this.max = settings.getPreforkMax();
		this.idleTimeout = settings.getPreforkIdleTimeout();
	}

	@Override
	public Duration acceptTimeout(RunSettings settings) {
		Duration accept = settings.getAcceptTimeout();
		return (accept.isZero() || accept.compareTo(this.idleTimeout) > 0) ? this.idleTimeout : accept;
	}

	@Override
	public void start(ServerSocket listen) {
		this.listen = listen;
		for (int i = 0; i < this.min; i++) {
			Worker worker;
			synchronized (this.counts) {
				worker = addWorker(listen);
			}
			if (worker == null) {
				return;
			}
			startWorker(worker);
		}
	}

	/** Counts and registers a new worker, unless the listen socket has closed; under {@link #counts}. */
	private @Nullable Worker addWorker(ServerSocket listen) {
		if (!this.accepting) {
			return null;
		}
		Worker worker = new Worker(listen);
		this.workers++;
		this.live.add(worker);
		return worker;
	}

	private void startWorker(Worker worker) {
		try {
			this.threads.start("waiter-worker-" + this.workerIds.incrementAndGet(), worker);
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			synchronized (this.counts) {
				this.workers--;
			}
			this.live.remove(worker);
			this.server.events().acceptError(new IllegalStateException("Could not start a prefork worker", ex));
		}
	}

	/** A worker took a client: count it busy and grow if few are left accepting. */
	private void busy() {
		ServerSocket socket = this.listen;
		Worker added = null;
		synchronized (this.counts) {
			this.busy++;
			int idle = this.workers - this.busy;
			if (socket != null && idle <= 1 + this.workers / 10 && this.workers < this.max) {
				added = addWorker(socket);
			}
		}
		if (added != null) {
			startWorker(added);
		}
	}

	private void idle() {
		synchronized (this.counts) {
			this.busy--;
		}
	}

	/** Retires an idle worker unless the pool is at its minimum or it is the last one accepting. */
	private boolean tryRetire() {
		synchronized (this.counts) {
			boolean othersAccepting = this.workers - this.busy > 1;
			if (this.workers > this.min && othersAccepting) {
				this.workers--;
				return true;
			}
			return false;
		}
	}

	@Override
	public void listenClosed() {
		synchronized (this.counts) {
			this.accepting = false;
		}
	}

	/** Waits for every worker: once the listen socket closed, none is added to {@link #live}. */
	@Override
	public void awaitStopped(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Worker worker : this.live) {
			worker.done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		this.threads.shutdown();
	}

	@Override
	public int workerCount() {
		return this.workers;
	}

	@Override
	public int busyWorkerCount() {
		return this.busy;
	}

	/** One pool worker: accept, serve, repeat, on its own thread. */
	private final class Worker implements Runnable, AcceptLoop.Handler {

		private final ServerSocket listen;

		private boolean retired;

		private final CountDownLatch done = new CountDownLatch(1);

		Worker(ServerSocket listen) {
			this.listen = listen;
		}

		@Override
		public void run() {
			PreforkDispatcher pool = PreforkDispatcher.this;
			Thread thread = Thread.currentThread();
			long started = System.nanoTime();
			try {
				pool.server.events().quietly(new WaiterWorkerStartedEvent(pool.server, thread.getName(), null));
				new AcceptLoop(pool.server, pool.runner, this.listen, this, thread.getName()).run();
			}
			finally {
				if (!this.retired) {
					synchronized (pool.counts) {
						pool.workers--;
					}
				}
				WaiterOutcome outcome = this.retired ? WaiterOutcome.COMPLETED : WaiterOutcome.SHUTDOWN;
				pool.server.events().quietly(new WaiterWorkerExitedEvent(pool.server, thread.getName(), null, outcome,
						Duration.ofNanos(System.nanoTime() - started), 0, 0, null));
				pool.live.remove(this);
				this.done.countDown();
			}
		}

		@Override
		public void handOff(SocketConnection connection, @Nullable Throwable acceptError) {
			PreforkDispatcher pool = PreforkDispatcher.this;
			pool.busy();
			try {
				pool.runner.serve(connection, false, acceptError);
			}
			finally {
				pool.idle();
			}
		}

		@Override
		public boolean keepAccepting(Duration idleTime) {
			PreforkDispatcher pool = PreforkDispatcher.this;
			this.retired = idleTime.compareTo(pool.idleTimeout) >= 0 && pool.tryRetire();
			return !this.retired;
		}

	}

}
