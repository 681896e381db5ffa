package dev.waiter.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The live connections of one server: what max-connections counts, what the snapshot
 * lists, and what a graceful stop waits for. Added to by accepting threads, removed from
 * by connection threads; the monitor is touched only when the count reaches zero.
 */
final class ConnectionRegistry {

	private final ConcurrentHashMap<Long, SocketConnection> live = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final Object emptyMonitor = new Object();

	/**
	 * Registers a connection unless {@code max} are already live.
	 * @param connection the new connection
	 * @param max the most live connections allowed
	 * @return false when the connection must be refused
	 */
	boolean tryAdd(SocketConnection connection, int max) {
		if (this.count.incrementAndGet() > max) {
			decrement();
			return false;
		}
		this.live.put(connection.id(), connection);
		return true;
	}

	void remove(SocketConnection connection) {
		if (this.live.remove(connection.id()) != null) {
			decrement();
		}
	}

	private void decrement() {
		if (this.count.decrementAndGet() == 0) {
			synchronized (this.emptyMonitor) {
				this.emptyMonitor.notifyAll();
			}
		}
	}

	int size() {
		return this.count.get();
	}

	@Nullable SocketConnection get(long id) {
		return this.live.get(id);
	}

	List<WaiterConnection> snapshot() {
		List<WaiterConnection> connections = new ArrayList<>(this.live.values());
		connections.sort(Comparator.comparingLong(WaiterConnection::id));
		return List.copyOf(connections);
	}

	void closeAll(WaiterOutcome outcome) {
		this.live.values().forEach((connection) -> connection.closeBy(outcome));
	}

	/**
	 * Waits until no connection is live.
	 * @param timeout the longest wait
	 * @return true if none is live, false if the timeout passed first
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	boolean awaitEmpty(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.emptyMonitor) {
			while (this.count.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.emptyMonitor, remaining);
			}
		}
		return true;
	}

}
