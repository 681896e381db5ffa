package dev.waiter.server.threads;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Runs the tasks that serve clients: each on a new virtual thread when they were asked for
 * and the JVM has them (21+); otherwise on a platform daemon thread, reused for the next
 * task once it is done and discarded after {@value #PLATFORM_KEEP_ALIVE_SECONDS}s idle
 * (a platform thread costs far more to start than to reuse). The choice is made once, by
 * the JVM's version, never by catching a failure. One instance per run.
 */
public final class WorkerThreads {

	private static final int FIRST_VIRTUAL_THREAD_RELEASE = 21;

	static final long PLATFORM_KEEP_ALIVE_SECONDS = 5;

	private final @Nullable ThreadFactory virtualThreads;

	private final @Nullable ThreadPoolExecutor platformThreads;

	public WorkerThreads(boolean virtualRequested) {
		if (virtualRequested && isVirtualAvailable()) {
			this.virtualThreads = new VirtualThreadTaskExecutor("waiter-").getVirtualThreadFactory();
			this.platformThreads = null;
		}
		else {
			this.virtualThreads = null;
			AtomicLong ids = new AtomicLong();
			this.platformThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, PLATFORM_KEEP_ALIVE_SECONDS,
					TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
						Thread thread = new Thread(task, "waiter-pool-" + ids.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
		}
	}

	static boolean isVirtualAvailable() {
		return Runtime.version().feature() >= FIRST_VIRTUAL_THREAD_RELEASE;
	}

	public boolean isVirtual() {
		return this.virtualThreads != null;
	}

	/**
	 * Runs the task on a thread named {@code name} for the task's duration.
	 * @param name the worker's name, such as {@code waiter-17}
	 * @param task what the worker does
	 */
	public void start(String name, Runnable task) {
		if (this.virtualThreads != null) {
			Thread thread = this.virtualThreads.newThread(task);
			thread.setName(name);
			thread.start();
			return;
		}
		this.platformThreads.execute(() -> {
			Thread current = Thread.currentThread();
			String poolName = current.getName();
			current.setName(name);
			try {
				task.run();
			}
			finally {
				current.setName(poolName);
			}
		});
	}

	/** Lets idle platform threads end now rather than after the keep-alive. */
	public void shutdown() {
		if (this.platformThreads != null) {
			this.platformThreads.shutdown();
		}
	}

}
