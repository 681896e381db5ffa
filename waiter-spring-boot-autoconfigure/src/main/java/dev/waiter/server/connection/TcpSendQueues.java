package dev.waiter.server.connection;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How many bytes each TCP connection still has to deliver, read from the kernel's tables
 * ({@code /proc/net/tcp} and {@code tcp6}, Linux): what a stop needs to know before it may
 * close a connection it has closed as idle, since a close (or the reset a later byte from
 * the client provokes) throws away what the kernel has not delivered yet. The JDK has no
 * call for it (SIOCOUTQ). Read once per pass of a stop's drain, on the stopping thread.
 */
public final class TcpSendQueues {

	private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

	/** Bytes not yet acknowledged, by "remote address:remote port:local port" as the kernel prints them. */
	private final Map<String, Long> unacknowledged;

	private TcpSendQueues(Map<String, Long> unacknowledged) {
		this.unacknowledged = unacknowledged;
	}

	/** The kernel's tables now, or {@code null} where they cannot be read (not Linux). */
	public static @Nullable TcpSendQueues read() {
		Map<String, Long> queues = new HashMap<>();
		boolean read = false;
		for (Path table : TABLES) {
			try {
				for (String line : Files.readAllLines(table)) {
					add(line.trim(), queues);
				}
				read = true;
			}
			catch (IOException | RuntimeException ex) {
				// no such table here
			}
		}
		return read ? new TcpSendQueues(queues) : null;
	}

	/** One row: {@code sl local rem st tx_queue:rx_queue ...}. */
	private static void add(String row, Map<String, Long> queues) {
		String[] fields = row.split("\\s+");
		if (fields.length < 5 || !fields[0].endsWith(":")) {
			return;
		}
		int localColon = fields[1].indexOf(':');
		int queueColon = fields[4].indexOf(':');
		if (localColon < 0 || queueColon < 0) {
			return;
		}
		String localPort = fields[1].substring(localColon + 1);
		long queued = Long.parseLong(fields[4].substring(0, queueColon), 16);
		queues.merge(fields[2] + ":" + localPort, queued, Long::sum);
	}

	/**
	 * What the kernel still holds to deliver on this connection.
	 * @return the bytes, or -1 when the connection is not in the tables
	 */
	long unsent(Socket plain) {
		InetAddress remote = plain.getInetAddress();
		if (remote == null) {
			return -1;
		}
		String ports = ":" + hex4(plain.getPort()) + ":" + hex4(plain.getLocalPort());
		Long queued = this.unacknowledged.get(kernelHex(remote.getAddress()) + ports);
		if (queued == null && remote instanceof Inet4Address) {
			byte[] mapped = new byte[16];
			mapped[10] = (byte) 0xff;
			mapped[11] = (byte) 0xff;
			System.arraycopy(remote.getAddress(), 0, mapped, 12, 4);
			queued = this.unacknowledged.get(kernelHex(mapped) + ports);
		}
		return (queued != null) ? queued : -1;
	}

	/** An address as the kernel prints it: each 32-bit word in host (little-endian) order. */
	private static String kernelHex(byte[] address) {
		StringBuilder hex = new StringBuilder(address.length * 2);
		for (int word = 0; word < address.length; word += 4) {
			for (int i = 3; i >= 0; i--) {
				hex.append(String.format(Locale.ROOT, "%02X", address[word + i] & 0xff));
			}
		}
		return hex.toString();
	}

	private static String hex4(int port) {
		return String.format(Locale.ROOT, "%04X", port);
	}

}
