package dev.waiter.server;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Prefork mode (PREFORK, MAXFORK, PX_IDLE): a pool of workers that each accept on the
 * shared listen socket and serve their client themselves. When a worker takes a client
 * and few are left idle (Net::Waiter's rule: idle &lt;= 1 + workers / 10) the pool grows,
 * up to the maximum; a worker idle for the idle timeout retires, never below the minimum.
 * A non-daemon keeper thread holds the JVM while the pool runs.
 */
final class PreforkDispatcher implements ConnectionDispatcher {

	private final WaiterServer server;

	private final ConnectionRunner runner;

	private final WorkerThreads threads;

	private final int min;

	private final int max;

	private final Duration idleTimeout;

	private final AtomicInteger workers = new AtomicInteger();

	private final AtomicInteger busy = new AtomicInteger();

	private final AtomicLong workerIds = new AtomicLong();

	private final Set<Worker> live = ConcurrentHashMap.newKeySet();

	private final CountDownLatch closed = new CountDownLatch(1);

	private @Nullable ServerSocket listen;

	private @Nullable Thread keeper;

	PreforkDispatcher(WaiterServer server, ConnectionRunner runner, WorkerThreads threads,
			WaiterServerSettings settings) {
		this.server = server;
		this.runner = runner;
		this.threads = threads;
		this.min = settings.getPreforkMin();
		this.max = settings.getPreforkMax();
		this.idleTimeout = settings.getPreforkIdleTimeout();
	}

	@Override
	public Duration acceptTimeout(WaiterServerSettings settings) {
		Duration accept = settings.getAcceptTimeout();
		return (accept.isZero() || accept.compareTo(this.idleTimeout) > 0) ? this.idleTimeout : accept;
	}

	@Override
	public void start(ServerSocket listen) {
		this.listen = listen;
		this.keeper = AcceptorThread.start(this::awaitClosed);
		for (int i = 0; i < this.min; i++) {
			this.workers.incrementAndGet();
			startWorker(listen);
		}
	}

	private void awaitClosed() {
		try {
			this.closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void startWorker(ServerSocket listen) {
		Worker worker = new Worker(listen);
		try {
			this.threads.start("waiter-worker-" + this.workerIds.incrementAndGet(), worker);
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			this.workers.decrementAndGet();
			this.server.events().acceptError(new IllegalStateException("Could not start a prefork worker", ex));
		}
	}

	private void growIfFewIdle(int busyNow) {
		ServerSocket socket = this.listen;
		int current = this.workers.get();
		int idle = current - busyNow;
		if (socket != null && idle <= 1 + current / 10 && current < this.max
				&& this.workers.compareAndSet(current, current + 1)) {
			startWorker(socket);
		}
	}

	private boolean tryRetire() {
		int current;
		while ((current = this.workers.get()) > this.min) {
			if (this.workers.compareAndSet(current, current - 1)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void listenClosed() {
		this.closed.countDown();
	}

	@Override
	public void awaitStopped(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Worker worker : this.live) {
			worker.done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		AcceptorThread.join(this.keeper, Duration.ofMillis(1));
		this.threads.shutdown();
	}

	@Override
	public int workerCount() {
		return this.workers.get();
	}

	@Override
	public int busyWorkerCount() {
		return this.busy.get();
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
			pool.live.add(this);
			long started = System.nanoTime();
			try {
				pool.server.events().quietly(new WaiterWorkerStartedEvent(pool.server, thread.getName(), null));
				new AcceptLoop(pool.server, this.listen, this, thread.getName()).run();
			}
			finally {
				if (!this.retired) {
					pool.workers.decrementAndGet();
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
			pool.growIfFewIdle(pool.busy.incrementAndGet());
			try {
				pool.runner.serve(connection, false, acceptError);
			}
			finally {
				pool.busy.decrementAndGet();
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
