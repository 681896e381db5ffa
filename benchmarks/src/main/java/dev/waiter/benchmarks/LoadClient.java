package dev.waiter.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Drives the echo and idle workloads against 127.0.0.1, bounded in connections and time.
 * {@code echo <port> <connections> <seconds>}: each connection (a virtual thread) sends a
 * line and waits for it back, for the given time after a one-second warm-up; prints
 * requests per second and p50/p99 latency. {@code frames <port> <connections> <seconds>}: the
 * same with a 16-byte payload after a 4-byte length header. {@code idle <port> <connections> <seconds> [source]}:
 * opens the connections, says nothing, prints {@code connected}, holds them, closes them.
 * {@code served <port> <connections> <seconds> [source]}: the same, but once all are open it sends one
 * line on each and reads its reply, then prints {@code ready}: connections idle after one request,
 * so the server holds each between requests, not before the first.
 * Needs Java 21+ (virtual threads).
 */
public final class LoadClient {

	private static final int MAX_CONNECTIONS = 20_000;

	private static final int MAX_SECONDS = 600;

	private static final byte[] LINE = "ping 0123456789\n".getBytes(StandardCharsets.US_ASCII);

	/** The same 16-byte payload after a 4-byte big-endian length header. */
	private static final byte[] FRAME = { 0, 0, 0, 16, 'p', 'i', 'n', 'g', ' ', '0', '1', '2', '3', '4', '5', '6', '7',
			'8', '9', '\n' };

	/** Latency buckets of one microsecond, up to 5 s (closed-loop latency grows with clients). */
	private static final int BUCKETS = 5_000_000;

	private LoadClient() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[1]);
		int connections = Math.min(Integer.parseInt(args[2]), MAX_CONNECTIONS);
		int seconds = Math.min(Integer.parseInt(args[3]), MAX_SECONDS);
		if ("idle".equals(args[0]) || "served".equals(args[0])) {
			idle(port, connections, seconds, (args.length > 4) ? args[4] : null, "served".equals(args[0]));
		}
		else {
			echo(port, connections, seconds, "frames".equals(args[0]) ? FRAME : LINE);
		}
	}

	private static void echo(int port, int connections, int seconds, byte[] request) throws InterruptedException {
		ThreadFactory threads = new VirtualThreadTaskExecutor("client-").getVirtualThreadFactory();
		AtomicLongArray latencyMicros = new AtomicLongArray(BUCKETS + 1);
		AtomicLong errors = new AtomicLong();
		CountDownLatch connected = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		long[] window = new long[2];
		List<Thread> started = new ArrayList<>(connections);
		for (int i = 0; i < connections; i++) {
			started.add(threads.newThread(() -> {
				try (Socket socket = connect(port)) {
					connected.countDown();
					go.await();
					InputStream in = new BufferedInputStream(socket.getInputStream(), 256);
					OutputStream out = socket.getOutputStream();
					while (true) {
						long begin = System.nanoTime();
						if (begin >= window[1]) {
							return;
						}
						out.write(request);
						for (int n = 0; n < request.length; n++) {
							if (in.read() < 0) {
								throw new IOException("closed");
							}
						}
						if (begin >= window[0]) {
							long micros = (System.nanoTime() - begin) / 1000;
							latencyMicros.incrementAndGet((int) Math.min(micros, BUCKETS));
						}
					}
				}
				catch (IOException | InterruptedException ex) {
					errors.incrementAndGet();
					connected.countDown();
				}
			}));
		}
		started.forEach(Thread::start);
		if (!connected.await(60, TimeUnit.SECONDS)) {
			System.out.println("error: connections not established within 60s");
		}
		long now = System.nanoTime();
		window[0] = now + TimeUnit.SECONDS.toNanos(1);
		window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
		go.countDown();
		for (Thread thread : started) {
			thread.join(TimeUnit.SECONDS.toMillis(seconds + 30));
		}
		long total = 0;
		for (int i = 0; i <= BUCKETS; i++) {
			total += latencyMicros.get(i);
		}
		System.out.printf("requests_per_second=%.0f p50_us=%d p99_us=%d errors=%d%n", total / (double) seconds,
				percentile(latencyMicros, total, 0.50), percentile(latencyMicros, total, 0.99), errors.get());
	}

	private static long percentile(AtomicLongArray histogram, long total, double quantile) {
		long rank = (long) Math.ceil(total * quantile);
		long seen = 0;
		for (int i = 0; i <= BUCKETS; i++) {
			seen += histogram.get(i);
			if (seen >= rank && rank > 0) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Opens the connections (from {@code source}, a loopback address, when given), prints
	 * {@code connected <n> in <ms> ms}; when {@code served}, runs one echo round and prints
	 * {@code ready <replies> in <ms> ms failed <n>}. Then obeys its standard input: {@code echo}
	 * sends one line on every connection and reads every reply, printing
	 * {@code echoed <replies> in <ms> ms failed <n>}; {@code stop} (or the end of input, or the
	 * time limit) closes them all.
	 */
	private static void idle(int port, int connections, int seconds, @Nullable String source, boolean served)
			throws Exception {
		List<Socket> sockets = new ArrayList<>(connections);
		Thread limit = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
			}
			catch (InterruptedException ex) {
				return;
			}
			System.out.println("time limit reached");
			System.exit(2);
		});
		limit.setDaemon(true);
		limit.start();
		try {
			long start = System.nanoTime();
			InetAddress from = (source != null) ? InetAddress.getByName(source) : null;
			for (int i = 0; i < connections; i++) {
				sockets.add(connect(port, from));
			}
			System.out.println("connected " + sockets.size() + " in " + millisSince(start) + " ms");
			if (served) {
				System.out.println("ready " + echoRound(sockets));
			}
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
			for (String command; (command = commands.readLine()) != null && !command.equals("stop");) {
				if (command.equals("echo")) {
					System.out.println("echoed " + echoRound(sockets));
				}
			}
		}
		finally {
			for (Socket socket : sockets) {
				socket.close();
			}
		}
	}

	/**
	 * One line out on every connection, then every reply read back whole; a connection that
	 * fails (closed, reset, 30 s without its reply) is counted and the round goes on.
	 * @return {@code <replies> in <ms> ms failed <n>}
	 */
	private static String echoRound(List<Socket> sockets) {
		long start = System.nanoTime();
		boolean[] failed = new boolean[sockets.size()];
		int failures = 0;
		for (int i = 0; i < sockets.size(); i++) {
			try {
				sockets.get(i).getOutputStream().write(LINE);
			}
			catch (IOException ex) {
				failed[i] = true;
				failures++;
			}
		}
		byte[] reply = new byte[LINE.length];
		int replies = 0;
		for (int i = 0; i < sockets.size(); i++) {
			if (failed[i]) {
				continue;
			}
			try {
				readFully(sockets.get(i).getInputStream(), reply);
				replies++;
			}
			catch (IOException ex) {
				failures++;
			}
		}
		return replies + " in " + millisSince(start) + " ms failed " + failures;
	}

	private static void readFully(InputStream in, byte[] reply) throws IOException {
		for (int read = 0; read < reply.length;) {
			int n = in.read(reply, read, reply.length - read);
			if (n < 0) {
				throw new IOException("closed before its echo");
			}
			read += n;
		}
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private static Socket connect(int port) throws IOException {
		return connect(port, null);
	}

	private static Socket connect(int port, @Nullable InetAddress source) throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		if (source != null) {
			// an earlier run's connections from this address may still be in TIME_WAIT
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(source, 0));
		}
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 30_000);
		socket.setSoTimeout(30_000);
		return socket;
	}

}
