package dev.waiter.server.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code waiter.max-connection-rate-per-peer}: a token bucket per peer that
 * holds one second's worth of connections (the burst is the rate) and refills at the rate,
 * lazily, when the address next connects: no timer. Each address keeps one number, the
 * time its bucket is full again (the generic cell rate algorithm's form of a token
 * bucket): a connection is let in while that time is at most a second less one token
 * ahead of now, and moves it one token on; a refused one takes no token, and one refused
 * afterwards for another reason gives its token back ({@link #giveBack}).
 * <p>
 * A peer is an IPv4 address; an IPv6 address's /64 (one host, or one site, gets a /64: a
 * per-address bucket would let it take a fresh one with each of its 2<sup>64</sup>
 * addresses); a Unix domain socket peer's user (its uid), which on a Unix socket without
 * the PROXY protocol has no address of its own.
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
	 * Takes a token from the address's bucket (its /64's for IPv6).
	 * @param address the client's address
	 * @return false if its bucket is empty: the client is over the rate
	 */
	public boolean tryAcquire(InetAddress address) {
		return acquire(key(address));
	}

	/**
	 * Takes a token from a Unix domain socket peer's bucket.
	 * @param user the peer's user, as {@code SO_PEERCRED} gives it (compared by uid)
	 * @return false if its bucket is empty
	 */
	public boolean tryAcquire(UserPrincipal user) {
		return acquire(user);
	}

	/**
	 * Gives back the token a client took that is refused for another reason (a cap), so that
	 * only served connections count against the rate; nothing for an address it forgot.
	 * @param address the client's address, as given to {@link #tryAcquire(InetAddress)}
	 */
	public void giveBack(InetAddress address) {
		release(key(address));
	}

	/**
	 * Gives back a Unix domain socket peer's token.
	 * @param user the peer's user, as given to {@link #tryAcquire(UserPrincipal)}
	 */
	public void giveBack(UserPrincipal user) {
		release(user);
	}

	private boolean acquire(Object peer) {
		Stripe stripe = this.stripes[stripeOf(peer)];
		synchronized (stripe) {
			long now = this.nanoTime.getAsLong();
			Full full = stripe.get(peer);
			if (full == null) {
				stripe.put(peer, new Full(now + this.interval));
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

	private void release(Object peer) {
		Stripe stripe = this.stripes[stripeOf(peer)];
		synchronized (stripe) {
			Full full = stripe.get(peer);
			if (full != null) {
				full.at -= this.interval;
			}
		}
	}

	/** An IPv4 address itself; an IPv6 address's upper 64 bits. */
	private static Object key(InetAddress address) {
		if (address instanceof Inet6Address) {
			return new Prefix64(ByteBuffer.wrap(address.getAddress()).getLong());
		}
		return address;
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

	private static int stripeOf(Object peer) {
		int hash = peer.hashCode();
		return (hash ^ (hash >>> 16) ^ (hash >>> 8)) & (STRIPES - 1);
	}

	/** The key of an IPv6 peer: its /64. */
	private record Prefix64(long bits) {
	}

	/** When one peer's bucket is full again; changed under its stripe's lock. */
	private static final class Full {

		long at;

		Full(long at) {
			this.at = at;
		}

	}

	/** A part of the table, in access order, forgetting its eldest address beyond its capacity. */
	private static final class Stripe extends LinkedHashMap<Object, Full> {

		private static final long serialVersionUID = 1L;

		private final int capacity;

		Stripe(int capacity) {
			super(16, 0.75f, true);
			this.capacity = capacity;
		}

		@Override
		protected boolean removeEldestEntry(Map.Entry<Object, Full> eldest) {
			return size() > this.capacity;
		}

	}

}
