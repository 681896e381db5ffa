package dev.waiter.server;

import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Starts the threads that serve clients: virtual threads when they were asked for and
 * the JVM has them (21+), platform daemon threads otherwise. The choice is made once,
 * by the JVM's version, never by catching a failure.
 */
final class WorkerThreads {

	private static final int FIRST_VIRTUAL_THREAD_RELEASE = 21;

	private final @Nullable ThreadFactory virtualThreads;

	WorkerThreads(boolean virtualRequested) {
		this.virtualThreads = (virtualRequested && isVirtualAvailable())
				? new VirtualThreadTaskExecutor("waiter-").getVirtualThreadFactory() : null;
	}

	static boolean isVirtualAvailable() {
		return Runtime.version().feature() >= FIRST_VIRTUAL_THREAD_RELEASE;
	}

	boolean isVirtual() {
		return this.virtualThreads != null;
	}

	Thread start(String name, Runnable task) {
		Thread thread;
		if (this.virtualThreads != null) {
			thread = this.virtualThreads.newThread(task);
			thread.setName(name);
		}
		else {
			thread = new Thread(task, name);
			thread.setDaemon(true);
		}
		thread.start();
		return thread;
	}

}
