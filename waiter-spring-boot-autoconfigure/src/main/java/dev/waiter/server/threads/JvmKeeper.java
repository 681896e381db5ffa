package dev.waiter.server.threads;

import java.util.concurrent.CountDownLatch;

/**
 * The server's one non-daemon thread, from a run's start to the end of its stop: it holds
 * the JVM while the server runs, as the await thread of Boot's web servers does, however
 * the connections are served (daemon or virtual threads) and also after
 * {@code breakMainLoop()}, which ends the accepting threads but not the run. Accepting and
 * serving threads are daemons, so a handler that ignores its socket's close cannot hold
 * the JVM once the stop is over. Started and released by the lifecycle thread (or the
 * stopping thread); the thread itself only waits.
 */
public final class JvmKeeper {

	static final String NAME = "waiter-keeper";

	private final CountDownLatch released = new CountDownLatch(1);

	private JvmKeeper() {
	}

	public static JvmKeeper start(String serverName) {
		JvmKeeper keeper = new JvmKeeper();
		Thread thread = new Thread(keeper::awaitRelease, NAME + "-" + serverName);
		thread.setDaemon(false);
		thread.start();
		return keeper;
	}

	private void awaitRelease() {
		try {
			this.released.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Lets the thread end; the JVM may then exit if nothing else holds it. */
	public void release() {
		this.released.countDown();
	}

}
