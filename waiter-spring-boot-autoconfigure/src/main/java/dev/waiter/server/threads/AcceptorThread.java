package dev.waiter.server.threads;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The accepting thread of fork and nofork mode. A daemon: the run's {@link JvmKeeper}
 * holds the JVM, and keeps holding it when the main loop is broken, while a nofork
 * acceptor serving a handler that ignores its socket's close cannot hold it past the stop.
 */
public final class AcceptorThread {

	static final String NAME = "waiter-acceptor";

	private AcceptorThread() {
	}

	public static Thread start(Runnable loop) {
		Thread thread = new Thread(loop, NAME);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	public static void join(@Nullable Thread thread, Duration timeout) throws InterruptedException {
		if (thread != null && thread != Thread.currentThread()) {
			thread.join(Math.max(1, timeout.toMillis()));
		}
	}

}
