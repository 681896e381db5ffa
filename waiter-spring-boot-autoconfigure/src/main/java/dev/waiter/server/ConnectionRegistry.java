package dev.waiter.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.connection.TcpSendQueues;
import org.jspecify.annotations.Nullable;

/**
 * The live connections of one server run: what its max-connections counts, what the
 * snapshot lists, and what its stop waits for; a new run gets a new one
 * ({@link RunConnections}). Added to by accepting threads, removed from
 * by connection threads; the monitor is touched only when the count reaches zero. Closed
 * for admission when a stop begins, atomically with additions, so a client accepted as the
 * listen socket closes is either refused or seen by the stop's wait and close.
 */
final class ConnectionRegistry {

	/** What {@link #tryAdd} decided. */
	enum Admission {

		/** Registered: serve it. */
		ADMITTED,

		/** Max-connections are live: reject it. */
		FULL,

		/** The server is stopping: close it unserved. */
		STOPPING

	}

	private final Object admission = new Object();

	private volatile boolean closed;

	private final ConcurrentHashMap<Long, SocketConnection> live = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final Object emptyMonitor = new Object();

	private final ConcurrentHashMap<InetAddress, Integer> perPeer = new ConcurrentHashMap<>();

	/** Accepting threads between entering accept() and deciding admission. */
	private final AtomicInteger accepting = new AtomicInteger();

	/**
	 * Registers a connection unless {@code max} are already live or a stop has begun.
	 * @param connection the new connection
	 * @param max the most live connections allowed
	 * @return whether the connection was registered, and if not why
	 */
	Admission tryAdd(SocketConnection connection, int max) {
		synchronized (this.admission) {
			if (this.closed) {
				return Admission.STOPPING;
			}
			if (this.count.incrementAndGet() > max) {
				decrement();
				return Admission.FULL;
			}
			this.live.put(connection.id(), connection);
			return Admission.ADMITTED;
		}
	}

	/** Called by an accepting thread before it blocks in accept(). */
	void acceptBegins() {
		this.accepting.incrementAndGet();
	}

	/** Called by an accepting thread once accept() failed or its client's admission is decided. */
	void acceptEnds() {
		this.accepting.decrementAndGet();
	}

	/**
	 * Waits, after the listen socket closed, until every client that accept() returned
	 * has been admitted or refused: closing admission before that would reset a client the
	 * kernel had already handed over. Short: closing the socket wakes the blocked accepts.
	 * @param timeout the longest wait
	 */
	void awaitAcceptsDecided(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.accepting.get() > 0 && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			Thread.yield();
		}
	}

	/**
	 * Refuses every later {@link #tryAdd}: once this returns, {@link #closeAll} and
	 * {@link #awaitEmpty} see every connection that will ever be served by this run.
	 */
	void closeAdmission() {
		synchronized (this.admission) {
			this.closed = true;
		}
	}

	/** Whether a stop has closed admission: read by connections about to wait idle. */
	boolean isStopping() {
		return this.closed;
	}

	/**
	 * Closes every connection whose handler is waiting idle for a new request and whose
	 * client has sent nothing more, with outcome {@link WaiterOutcome#SHUTDOWN}; connections
	 * in the middle of a request, with a request already arrived, or that connected less
	 * than a second ago and have sent nothing yet, go on (they are closed when they wait
	 * idle again, or by a later call).
	 * @return how many were closed
	 */
	int closeIdle() {
		long now = System.nanoTime();
		int closed = 0;
		for (SocketConnection connection : this.live.values()) {
			if (connection.readState().tryDrain(now)) {
				closed++;
			}
		}
		return closed;
	}

	/**
	 * Closes the connections a stop closed as idle that have nothing left to deliver
	 * ({@link SocketConnection#releaseIfDelivered}); reads the kernel's tables only when
	 * one lingers.
	 */
	void releaseDelivered() {
		long now = System.nanoTime();
		TcpSendQueues queues = null;
		boolean read = false;
		for (SocketConnection connection : this.live.values()) {
			if (connection.readState().drained() && connection.isOpen()) {
				if (!read) {
					queues = TcpSendQueues.read();
					read = true;
				}
				connection.readState().releaseIfDelivered(queues, now);
			}
		}
	}

	void forEach(java.util.function.Consumer<SocketConnection> action) {
		this.live.values().forEach(action);
	}

	void remove(SocketConnection connection) {
		if (this.live.remove(connection.id()) != null) {
			InetAddress peer = connection.peer().counted();
			if (peer != null) {
				this.perPeer.computeIfPresent(peer, (address, count) -> (count <= 1) ? null : count - 1);
			}
			decrement();
		}
	}

	/**
	 * Counts a registered connection against its client address, unless {@code max} from
	 * that address are already live; the count is given back when it is removed.
	 * @param connection the registered connection, its client address known
	 * @param max the most live connections from one address
	 * @return false if the address is at its cap
	 */
	boolean tryCountPeer(SocketConnection connection, int max) {
		InetAddress peer = connection.peerInetAddress();
		boolean[] counted = new boolean[1];
		this.perPeer.compute(peer, (address, count) -> {
			int live = (count != null) ? count : 0;
			if (live >= max) {
				return count;
			}
			counted[0] = true;
			return live + 1;
		});
		if (counted[0]) {
			connection.peer().counted(peer);
		}
		return counted[0];
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

	/**
	 * Closes every live connection; one that waits idle for a new request at that moment
	 * is closed as idle ({@link dev.waiter.server.connection.ConnectionReadState#forceDrain}), so its handler sees a clean
	 * end of stream.
	 */
	void closeAll(WaiterOutcome outcome) {
		this.live.values().forEach((connection) -> connection.readState().forceDrain(outcome));
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
