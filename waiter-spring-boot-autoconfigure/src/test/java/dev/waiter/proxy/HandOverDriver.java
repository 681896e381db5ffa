package dev.waiter.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.server.WaiterServer;
import dev.waiter.server.WaiterServerSettings;

/**
 * A restart on one port, run in its own JVM (in the tests, inside a fresh network
 * namespace): an old instance serves a steady load of short connections, a new instance
 * binds the same port with SO_REUSEPORT, the old one stops gracefully; repeated. Clients
 * count every connection that failed or got no reply. Prints one line:
 * {@code handover rounds=R served=S failed=F first-failure=...}. Bounded: 60 s and
 * 1,000,000 requests at most.
 */
public final class HandOverDriver {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final int CLIENTS = 4;

	private static final long REQUESTS_PER_ROUND = 300;

	private static final Duration LIMIT = Duration.ofSeconds(60);

	private final AtomicLong served = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ConcurrentHashMap<String, Long> failures = new ConcurrentHashMap<>();

	private final long deadline = System.nanoTime() + LIMIT.toNanos();

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		new HandOverDriver().run(rounds);
	}

	private void run(int rounds) throws Exception {
		WaiterServer old = start(0);
		int port = old.getPort();
		List<Thread> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			Thread client = new Thread(() -> load(port), "client-" + i);
			client.start();
			clients.add(client);
		}
		int done = 0;
		for (int round = 0; round < rounds && beforeDeadline(); round++) {
			awaitServed(this.served.get() + REQUESTS_PER_ROUND);
			WaiterServer next = start(port);
			awaitServed(this.served.get() + REQUESTS_PER_ROUND);
			stopGracefully(old);
			old = next;
			done++;
		}
		awaitServed(this.served.get() + REQUESTS_PER_ROUND);
		this.running.set(false);
		for (Thread client : clients) {
			client.join(10_000);
		}
		stopGracefully(old);
		System.out.println("handover rounds=" + done + " served=" + this.served.get() + " failed=" + this.failed.get()
				+ " failures=" + this.failures);
	}

	private boolean beforeDeadline() {
		return System.nanoTime() < this.deadline;
	}

	private void awaitServed(long count) {
		while (this.served.get() < count && beforeDeadline()) {
			Thread.onSpinWait();
			Thread.yield();
		}
	}

	private static WaiterServer start(int port) {
		WaiterServerSettings settings = new WaiterServerSettings().setAddress(LOOPBACK)
			.setPort(port)
			.setReusePort(true)
			.setBacklog(1024)
			.setAcceptTimeout(Duration.ZERO)
			.setShutdownTimeout(Duration.ofSeconds(10));
		WaiterServer server = new WaiterServer(settings, (event) -> {
			if (event instanceof WaiterProcessEvent process) {
				echo(process.getConnection());
			}
		});
		server.start();
		return server;
	}

	private static void echo(WaiterConnection connection) {
		try {
			String line = connection.readLine(256);
			if (line != null) {
				connection.out().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
				connection.out().flush();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void stopGracefully(WaiterServer server) throws InterruptedException {
		CountDownLatch stopped = new CountDownLatch(1);
		server.stop(stopped::countDown);
		if (!stopped.await(20, TimeUnit.SECONDS)) {
			throw new IllegalStateException("graceful stop did not end");
		}
	}

	private void load(int port) {
		long n = 0;
		while (this.running.get() && beforeDeadline() && n < 250_000) {
			String request = Thread.currentThread().getName() + "-" + n++;
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(LOOPBACK, port), 5_000);
				socket.setSoTimeout(10_000);
				OutputStream out = socket.getOutputStream();
				out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
				String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
					.readLine();
				if (request.equals(reply)) {
					this.served.incrementAndGet();
				}
				else {
					fail("reply " + ((reply == null) ? "missing (end of stream)" : "wrong"));
				}
			}
			catch (IOException ex) {
				fail(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
		}
	}

	private void fail(String why) {
		this.failed.incrementAndGet();
		this.failures.merge(why, 1L, Long::sum);
	}

}
