package dev.waiter.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The server's one non-daemon thread: like Tomcat's, it keeps the JVM alive while the
 * server runs, even when every connection is on a daemon or virtual thread.
 */
final class AcceptorThread {

	static final String NAME = "waiter-acceptor";

	private AcceptorThread() {
	}

	static Thread start(Runnable loop) {
		return start(loop, NAME);
	}

	static Thread start(Runnable loop, String name) {
		Thread thread = new Thread(loop, name);
		thread.setDaemon(false);
		thread.start();
		return thread;
	}

	static void join(@Nullable Thread thread, Duration timeout) throws InterruptedException {
		if (thread != null && thread != Thread.currentThread()) {
			thread.join(Math.max(1, timeout.toMillis()));
		}
	}

}
