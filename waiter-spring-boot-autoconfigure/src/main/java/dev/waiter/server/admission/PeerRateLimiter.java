package dev.waiter.server.admission;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code waiter.max-connection-rate-per-peer}: a token bucket per client address that
 * holds one second's worth of connections (the burst is the rate) and refills at the rate,
 * lazily, when the address next connects: no timer. Each address keeps one number, the
 * time its bucket is full again (the generic cell rate algorithm's form of a token
 * bucket): a connection is let in while that time is at most a second less one token
 * ahead of now, and moves it one token on; a refused one takes no token.
 * <p>
 * Memory is bounded: the table holds at most {@value #CAPACITY} addresses, in
 * {@value #STRIPES} stripes with one lock each, every stripe forgetting its least recently
 * seen address when full. A flood of distinct addresses keeps the table at that size (by
 * estimate about 120 bytes an IPv4 address, 180 an IPv6 one: 8 to 12 MB); an address it
 * forgot starts again with a full bucket, as if new.
 * <p>
 * Thread-safe: called on the acceptor (fork, nofork), on prefork workers, or on
 * connection threads after a PROXY header; a call holds one stripe's lock for a map
 * lookup and a subtraction.
 */
public final class PeerRateLimiter {

	/** The most addresses remembered. */
	public static final int CAPACITY = 65_536;

	static final int STRIPES = 16;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final int perSecond;

	private final long interval;

	private final long tolerance;

	private final LongSupplier nanoTime;

	private final Stripe[] stripes;

	/**
	 * @param perSecond the most new connections per second from one address, at least 1
	 */
	public PeerRateLimiter(int perSecond) {
		this(perSecond, CAPACITY, System::nanoTime);
	}

	/**
	 * @param perSecond the most new connections per second from one address, at least 1
	 * @param capacity the most addresses remembered, at least {@value #STRIPES}
	 * @param nanoTime the clock, {@link System#nanoTime()} but in tests
	 */
	PeerRateLimiter(int perSecond, int capacity, LongSupplier nanoTime) {
		if (perSecond < 1) {
			throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
		}
		if (capacity < STRIPES) {
			throw new IllegalArgumentException("capacity must be at least " + STRIPES + ": " + capacity);
		}
		this.perSecond = perSecond;
		this.interval = Math.max(1, NANOS_PER_SECOND / perSecond);
		this.tolerance = this.interval * (perSecond - 1);
		this.nanoTime = nanoTime;
		this.stripes = new Stripe[STRIPES];
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe(capacity / STRIPES);
		}
	}

	/** The rate it enforces, per second. */
	public int perSecond() {
		return this.perSecond;
	}

	/**
	 * Takes a token from the address's bucket.
	 * @param address the client's address
	 * @return false if its bucket is empty: the client is over the rate
	 */
	public boolean tryAcquire(InetAddress address) {
		Stripe stripe = this.stripes[stripeOf(address)];
		synchronized (stripe) {
			long now = this.nanoTime.getAsLong();
			Full full = stripe.get(address);
			if (full == null) {
				stripe.put(address, new Full(now + this.interval));
				return true;
			}
			long from = (full.at - now > 0) ? full.at : now;
			if (from - now > this.tolerance) {
				return false;
			}
			full.at = from + this.interval;
			return true;
		}
	}

	/** How many addresses it remembers now. */
	int size() {
		int size = 0;
		for (Stripe stripe : this.stripes) {
			synchronized (stripe) {
				size += stripe.size();
			}
		}
		return size;
	}

	private static int stripeOf(InetAddress address) {
		int hash = address.hashCode();
		return (hash ^ (hash >>> 16) ^ (hash >>> 8)) & (STRIPES - 1);
	}

	/** When one address's bucket is full again; changed under its stripe's lock. */
	private static final class Full {

		long at;

		Full(long at) {
			this.at = at;
		}

	}

	/** A part of the table, in access order, forgetting its eldest address beyond its capacity. */
	private static final class Stripe extends LinkedHashMap<InetAddress, Full> {

		private static final long serialVersionUID = 1L;

		private final int capacity;

		Stripe(int capacity) {
			super(16, 0.75f, true);
			this.capacity = capacity;
		}

		@Override
		protected boolean removeEldestEntry(Map.Entry<InetAddress, Full> eldest) {
			return size() > this.capacity;
		}

	}

}
