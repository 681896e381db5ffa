package dev.waiter.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import dev.waiter.Waiter;

/**
 * What a test that abuses a server (faults, resets, stops at random moments) checks at its
 * end: no connection left registered, and no socket descriptor or server thread left
 * beyond what the JVM held before. Take a {@link #snapshot()} before, call
 * {@link #assertNothingLeft} after, with every client and {@link FaultProxy} closed and the
 * server stopped (its idle pool threads end with the stop).
 */
public final class ServerLeaks {

	private final long sockets;

	private final long threads;

	private ServerLeaks(long sockets, long threads) {
		this.sockets = sockets;
		this.threads = threads;
	}

	/** The socket descriptors and connection threads of this JVM now. */
	public static ServerLeaks snapshot() {
		return new ServerLeaks(openSockets(), connectionThreads());
	}

	/**
	 * Waits, at most {@code within}, until the server has no live connection and the JVM
	 * holds no more sockets and connection threads than at the snapshot.
	 * @throws AssertionError naming what is left, when something still is at the end
	 */
	public void assertNothingLeft(Waiter waiter, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			int connections = waiter.getActiveConnections();
			long socketsNow = openSockets();
			long threadsNow = connectionThreads();
			if (connections == 0 && socketsNow <= this.sockets && threadsNow <= this.threads) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Left after the test: " + connections + " registered connection(s), "
						+ socketsNow + " socket(s) (" + this.sockets + " before), " + threadsNow
						+ " connection or proxy thread(s) (" + this.threads + " before)");
			}
			Thread.sleep(20);
		}
	}

	/** The socket descriptors this JVM holds (Linux: {@code /proc/self/fd}; elsewhere -1). */
	static long openSockets() {
		File[] descriptors = new File("/proc/self/fd").listFiles();
		if (descriptors == null) {
			return -1;
		}
		long count = 0;
		for (File descriptor : descriptors) {
			try {
				if (Files.readSymbolicLink(descriptor.toPath()).toString().startsWith("socket:")) {
					count++;
				}
			}
			catch (IOException | UnsupportedOperationException ex) {
				// closed while listed
			}
		}
		return count;
	}

	/**
	 * Live platform threads of the server (but its shared timer thread) and of fault
	 * proxies; virtual connection threads are counted by the server's registry.
	 */
	static long connectionThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.map(Thread::getName)
			.filter((name) -> (name.startsWith("waiter-") && !name.equals("waiter-timers"))
					|| name.startsWith("fault-proxy-"))
			.count();
	}

}
