package dev.waiter.test;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.waiter.Waiter;

/**
 * What a test that abuses a server (faults, resets, stops at random moments) checks at its
 * end: no connection left registered, and no socket descriptor or server thread left
 * beyond what the JVM held before. Take a {@link #snapshot()} before the server starts
 * (its listen socket is then not in the count), call {@link #assertNothingLeft} once it has
 * stopped, with every client and {@link FaultProxy} closed (its idle pool threads end with
 * the stop). A connection left from any run of the server still holds its socket, so the
 * descriptor count finds it even where the server no longer lists it; virtual threads are
 * counted from a thread dump of the JVM.
 */
public final class ServerLeaks {

	private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink");

	private final Set<String> sockets;

	private final Set<String> threads;

	private ServerLeaks(Set<String> sockets, Set<String> threads) {
		this.sockets = sockets;
		this.threads = threads;
	}

	/** The socket descriptors and server threads of this JVM now: before the server starts. */
	public static ServerLeaks snapshot() {
		return new ServerLeaks(openSockets(), connectionThreads());
	}

	/**
	 * Waits, at most {@code within}, until the stopped server has no live connection and the
	 * JVM holds no TCP socket and no server thread it did not hold at the snapshot.
	 * @throws AssertionError naming what is left (each new socket as the kernel describes
	 * it), when something still is at the end
	 */
	public void assertNothingLeft(Waiter waiter, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			int connections = waiter.getActiveConnections();
			Set<String> added = new TreeSet<>(openSockets());
			added.removeAll(this.sockets);
			Map<String, String> rows = describe(added);
			added.removeIf((inode) -> !rows.get(inode).startsWith("tcp"));
			Set<String> started = new TreeSet<>(connectionThreads());
			started.removeAll(this.threads);
			if (connections == 0 && added.isEmpty() && started.isEmpty()) {
				return;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Left after the test: " + connections + " registered connection(s), sockets "
						+ added.stream().map(rows::get).toList() + ", server or proxy threads " + started);
			}
			Thread.sleep(20);
		}
	}

	/** The inodes of the sockets this JVM holds (Linux: {@code /proc/self/fd}; elsewhere none). */
	static Set<String> openSockets() {
		File[] descriptors = new File("/proc/self/fd").listFiles();
		Set<String> inodes = new TreeSet<>();
		if (descriptors == null) {
			return inodes;
		}
		for (File descriptor : descriptors) {
			try {
				String target = Files.readSymbolicLink(descriptor.toPath()).toString();
				if (target.startsWith("socket:[")) {
					inodes.add(target.substring("socket:[".length(), target.length() - 1));
				}
			}
			catch (IOException | UnsupportedOperationException ex) {
				// closed while listed
			}
		}
		return inodes;
	}

	/**
	 * Each socket as the kernel's tables show it: its table and its row (addresses in hex),
	 * read once for all of them. Only a TCP socket counts: what a connection or a listener
	 * holds; a socket of another kind (a name service's Unix socket that the first host name
	 * lookup opens and keeps, say) is the JVM's, not a test's.
	 */
	private static Map<String, String> describe(Set<String> inodes) {
		Map<String, String> described = new HashMap<>();
		inodes.forEach((inode) -> described.put(inode, inode + " (not in the kernel's tables)"));
		for (String table : TABLES) {
			try {
				for (String row : Files.readAllLines(Path.of("/proc/net", table))) {
					for (String field : row.trim().split("\\s+")) {
						if (inodes.contains(field)) {
							described.put(field, table + ": " + row.trim());
						}
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// no such table
			}
		}
		return described;
	}

	/**
	 * Live threads of the server (but its shared timer thread) and of fault proxies:
	 * platform threads from the JVM's list, virtual ones (JDK 21+, which that list leaves
	 * out) from a thread dump of the JVM.
	 */
	static Set<String> connectionThreads() {
		Set<String> threads = new TreeSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (isServerThread(thread.getName())) {
				threads.add("#" + thread.getId() + " " + thread.getName());
			}
		}
		threads.addAll(virtualServerThreads());
		return threads;
	}

	private static boolean isServerThread(String name) {
		return (name.startsWith("waiter-") && !name.equals("waiter-timers")) || name.startsWith("fault-proxy-");
	}

	/** The JVM's virtual threads named as the server's, read from {@code HotSpotDiagnosticMXBean.dumpThreads}. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Set<String> virtualServerThreads() {
		if (Runtime.version().feature() < 21) {
			return Set.of();
		}
		Path dump = null;
		try {
			Class<?> type = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
			Object bean = ManagementFactory.getPlatformMXBean((Class) type);
			Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			dump = Files.createTempDirectory("waiter-leaks").resolve("threads.txt");
			type.getMethod("dumpThreads", String.class, format)
				.invoke(bean, dump.toString(), Enum.valueOf((Class) format, "TEXT_PLAIN"));
			Set<String> threads = new TreeSet<>();
			for (String line : Files.readAllLines(dump)) {
				int open = line.indexOf('"');
				int close = line.indexOf('"', open + 1);
				if (line.startsWith("#") && open > 0 && close > open && line.startsWith(" virtual", close + 1)
						&& isServerThread(line.substring(open + 1, close))) {
					threads.add(line.substring(0, close + 1));
				}
			}
			return threads;
		}
		catch (ReflectiveOperationException | IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not list the JVM's virtual threads", ex);
		}
		finally {
			if (dump != null) {
				try {
					Files.deleteIfExists(dump);
					Files.deleteIfExists(dump.getParent());
				}
				catch (IOException ex) {
					// a temporary file left behind
				}
			}
		}
	}


}
