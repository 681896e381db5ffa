package dev.waiter.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that injects network faults between a client and a server, the
 * role Toxiproxy plays elsewhere, for tests: it splits what each side writes into segments
 * of random size, delays them, may stall one direction once, and may reset a connection in
 * the middle of what the client sends. Every choice comes from the {@link Faults}' seed and
 * the connection's index (connection {@code i} of a proxy seeded {@code s} makes the same
 * choices as connection 0 of one seeded {@code s + i}), so a failing scenario can be run
 * again alone with its seed (the timing is the machine's). Each proxied connection has two forwarding threads, which end when
 * either side closes or the proxy does; the accepting thread is a daemon.
 * <p>
 * Use: {@code try (FaultProxy proxy = FaultProxy.start(serverPort, faults)) { connect to
 * proxy.port() }}; {@link #target(int)} points it at another port (a restarted server).
 */
public final class FaultProxy implements AutoCloseable {

	private final ServerSocket listen;

	private final Faults faults;

	private volatile int targetPort;

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private FaultProxy(ServerSocket listen, int targetPort, Faults faults) {
		this.listen = listen;
		this.targetPort = targetPort;
		this.faults = faults;
		this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + listen.getLocalPort());
		this.acceptor.setDaemon(true);
	}

	/**
	 * Starts a proxy on a free loopback port in front of {@code 127.0.0.1:targetPort}.
	 * @param targetPort the server's port
	 * @param faults what to inject
	 * @return the running proxy
	 */
	public static FaultProxy start(int targetPort, Faults faults) {
		try {
			ServerSocket listen = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
			FaultProxy proxy = new FaultProxy(listen, targetPort, faults);
			proxy.acceptor.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The port clients connect to. */
	public int port() {
		return this.listen.getLocalPort();
	}

	/** Points later connections at another server port. */
	public void target(int port) {
		this.targetPort = port;
	}

	/** The connections proxied so far, oldest first. */
	public List<Link> links() {
		return List.copyOf(this.links);
	}

	/** Closes the listen socket and every proxied connection. */
	@Override
	public void close() {
		closeQuietly(this.listen);
		this.links.forEach(Link::close);
		try {
			this.acceptor.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void acceptLoop() {
		while (!this.listen.isClosed()) {
			Socket client;
			try {
				client = this.listen.accept();
			}
			catch (IOException ex) {
				return;
			}
			int index = this.accepted.getAndIncrement();
			Link link = new Link(index, client, this.faults.forConnection(index));
			this.links.add(link);
			link.open(this.targetPort);
		}
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// already closed or reset: nothing to release
		}
	}

	/**
	 * What to inject. Every connection gets its own choices, drawn from the seed and its
	 * index: the segment sizes and delays of each direction, whether and where the client's
	 * direction stalls, and whether and after how many of the client's bytes the connection
	 * is reset.
	 * @param seed the seed of every random choice
	 * @param maxSegment the largest segment forwarded at once (1 or more)
	 * @param maxDelayNanos the longest pause after a segment (0: none)
	 * @param stallChance the chance that the client's direction stalls once
	 * @param stallNanos how long a stall lasts
	 * @param resetChance the chance that the connection is reset within the client's first
	 * {@code resetWithin} bytes
	 * @param resetWithin the range of the reset's position
	 */
	public record Faults(long seed, int maxSegment, long maxDelayNanos, double stallChance, long stallNanos,
			double resetChance, int resetWithin) {

		public Faults {
			if (maxSegment < 1 || maxDelayNanos < 0 || stallNanos < 0 || resetWithin < 1) {
				throw new IllegalArgumentException("Faults out of range");
			}
		}

		/** Segments of 1 to 16 bytes, up to 200 µs apart, nothing else. */
		public static Faults segments(long seed) {
			return new Faults(seed, 16, TimeUnit.MICROSECONDS.toNanos(200), 0, 0, 0, 1);
		}

		public Faults withStall(double chance, long nanos) {
			return new Faults(this.seed, this.maxSegment, this.maxDelayNanos, chance, nanos, this.resetChance,
					this.resetWithin);
		}

		public Faults withReset(double chance, int within) {
			return new Faults(this.seed, this.maxSegment, this.maxDelayNanos, this.stallChance, this.stallNanos, chance,
					within);
		}

		Plan forConnection(int index) {
			SplitMix random = new SplitMix(this.seed + index);
			long stallAt = (random.nextDouble() < this.stallChance) ? random.nextInt(this.resetWithin) : -1;
			long resetAt = (random.nextDouble() < this.resetChance) ? 1 + random.nextInt(this.resetWithin) : -1;
			return new Plan(random.nextLong(), random.nextLong(), stallAt, resetAt, this);
		}

	}

	/** One connection's choices. */
	record Plan(long upSeed, long downSeed, long stallAt, long resetAt, Faults faults) {
	}

	/** One proxied connection: the client's socket, the server's, and what happened to them. */
	public static final class Link {

		private final int index;

		private final Socket client;

		private final Plan plan;

		private volatile Socket server;

		private volatile boolean reset;

		private volatile boolean stalled;

		private final AtomicInteger open = new AtomicInteger(2);

		Link(int index, Socket client, Plan plan) {
			this.index = index;
			this.client = client;
			this.plan = plan;
			this.server = client;
		}

		/** Which connection of the proxy this is, from 0. */
		public int index() {
			return this.index;
		}

		/** Whether the proxy reset this connection on purpose. */
		public boolean wasReset() {
			return this.reset;
		}

		/** Whether the client's direction stalled. */
		public boolean stalled() {
			return this.stalled;
		}

		/** Whether both directions have ended. */
		public boolean isClosed() {
			return this.open.get() == 0;
		}

		void open(int targetPort) {
			try {
				this.client.setTcpNoDelay(true);
				Socket upstream = new Socket();
				upstream.setTcpNoDelay(true);
				upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
				this.server = upstream;
			}
			catch (IOException ex) {
				abort();
				this.open.set(0);
				return;
			}
			start("up", this.client, this.server, this.plan.upSeed(), true);
			start("down", this.server, this.client, this.plan.downSeed(), false);
		}

		private void start(String direction, Socket from, Socket to, long seed, boolean clientSide) {
			Thread pump = new Thread(() -> pump(from, to, new SplitMix(seed), clientSide),
					"fault-proxy-" + this.index + "-" + direction);
			pump.setDaemon(true);
			pump.start();
		}

		/**
		 * Forwards one direction in random segments until its source ends or fails. What
		 * happens to the source reaches the destination in order, as on a network: its end
		 * becomes a shutdown of output, its reset a reset, once what came before is
		 * forwarded. A failed write ends only this direction: the other one meets the
		 * destination's reset in its own read.
		 */
		private void pump(Socket from, Socket to, SplitMix random, boolean clientSide) {
			Faults faults = this.plan.faults();
			byte[] buffer = new byte[4096];
			long forwarded = 0;
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				while (true) {
					int n;
					try {
						n = in.read(buffer);
					}
					catch (IOException ex) {
						reset(to);
						return;
					}
					if (n < 0) {
						to.shutdownOutput();
						return;
					}
					for (int offset = 0; offset < n;) {
						int segment = Math.min(n - offset, 1 + random.nextInt(faults.maxSegment()));
						if (clientSide && this.plan.resetAt() >= 0 && forwarded + segment >= this.plan.resetAt()) {
							out.write(buffer, offset, (int) (this.plan.resetAt() - forwarded));
							this.reset = true;
							abort();
							return;
						}
						if (clientSide && this.plan.stallAt() >= 0 && !this.stalled
								&& forwarded + segment > this.plan.stallAt()) {
							this.stalled = true;
							LockSupport.parkNanos(faults.stallNanos());
						}
						out.write(buffer, offset, segment);
						out.flush();
						offset += segment;
						forwarded += segment;
						if (faults.maxDelayNanos() > 0) {
							LockSupport.parkNanos(random.nextLong(faults.maxDelayNanos()));
						}
					}
				}
			}
			catch (IOException ex) {
				// the destination is gone: the other direction sees it
			}
			finally {
				if (this.open.decrementAndGet() == 0) {
					close();
				}
			}
		}

		/** Resets both sides: the fault itself. */
		private void abort() {
			reset(this.client);
			reset(this.server);
		}

		/** SO_LINGER 0 makes the close send RST. */
		private static void reset(Socket socket) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed already
			}
			closeQuietly(socket);
		}

		void close() {
			closeQuietly(this.client);
			closeQuietly(this.server);
		}

	}

	/** A small seeded generator (SplitMix64): the same choices for the same seed on every JDK. */
	static final class SplitMix {

		private long state;

		SplitMix(long seed) {
			this.state = seed;
		}

		long nextLong() {
			long z = (this.state += 0x9E3779B97F4A7C15L);
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

		/** A value in [0, bound). */
		long nextLong(long bound) {
			return Math.floorMod(nextLong(), bound);
		}

		int nextInt(int bound) {
			return (int) nextLong(bound);
		}

		double nextDouble() {
			return (nextLong() >>> 11) * 0x1.0p-53;
		}

	}

}
