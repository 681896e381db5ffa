package dev.waiter.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A real HAProxy (Debian's {@code haproxy} package, installed by {@code .ci/run}) started by
 * a test with a generated configuration on free loopback ports, in front of waiter
 * instances; stopped by {@link #close()}. Its runtime API (a UNIX socket) reads server
 * states and drains a server as an operator would.
 */
final class Haproxy implements AutoCloseable {

	private final Process process;

	private final Path directory;

	private final Path runtimeSocket;

	private Haproxy(Process process, Path directory) {
		this.process = process;
		this.directory = directory;
		this.runtimeSocket = directory.resolve("haproxy.sock");
	}

	/**
	 * The configuration the tests use: one frontend and backend per PROXY protocol
	 * version, and a plain one (no header) when {@code plainPort} is positive, for the
	 * benchmark. The README shows it.
	 */
	static String configuration(Path runtimeSocket, int v1Port, int v2Port, int plainPort, List<Integer> waiters,
			int plainWaiter) {
		StringBuilder config = new StringBuilder();
		config.append("global\n")
			.append("  maxconn 4096\n")
			.append("  stats socket ").append(runtimeSocket).append(" mode 600 level admin\n")
			.append("defaults\n")
			.append("  mode tcp\n")
			.append("  timeout connect 2s\n")
			.append("  timeout client 30s\n")
			.append("  timeout server 30s\n")
			.append("  retries 3\n")
			.append("  option redispatch\n")
			.append("frontend proxy_v1\n  bind 127.0.0.1:").append(v1Port).append("\n  default_backend waiters_v1\n")
			.append("frontend proxy_v2\n  bind 127.0.0.1:").append(v2Port).append("\n  default_backend waiters_v2\n");
		backend(config, "waiters_v1", waiters, "send-proxy");
		backend(config, "waiters_v2", waiters, "send-proxy-v2");
		if (plainPort > 0) {
			config.append("frontend plain\n  bind 127.0.0.1:").append(plainPort).append("\n  default_backend waiters_plain\n");
			backend(config, "waiters_plain", List.of(plainWaiter), "");
		}
		return config.toString();
	}

	private static void backend(StringBuilder config, String name, List<Integer> ports, String proxyOption) {
		config.append("backend ").append(name).append("\n  balance roundrobin\n");
		for (int i = 0; i < ports.size(); i++) {
			config.append("  server w").append(i).append(" 127.0.0.1:").append(ports.get(i)).append(" ")
				.append(proxyOption).append(" check inter 100ms rise 1 fall 1\n");
		}
	}

	static Haproxy start(int v1Port, int v2Port, int plainPort, List<Integer> waiters, int plainWaiter)
			throws IOException {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")),
				"Skipped: HAProxy is not installed (.ci/run installs Debian's haproxy package)");
		Path directory = Files.createTempDirectory("waiter-haproxy");
		return start(directory, configuration(directory.resolve("haproxy.sock"), v1Port, v2Port, plainPort, waiters,
				plainWaiter), v2Port);
	}

	/**
	 * Starts HAProxy with a configuration of the caller's, once it listens on a port.
	 * @param directory where its configuration and log go; {@code haproxy.sock} in it is
	 * the runtime API's socket the configuration may declare
	 * @param configuration the whole configuration
	 * @param listenPort a port it binds, to know it is up
	 */
	static Haproxy start(Path directory, String configuration, int listenPort) throws IOException {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/haproxy")),
				"Skipped: HAProxy is not installed (.ci/run installs Debian's haproxy package)");
		int v2Port = listenPort;
		Path config = directory.resolve("haproxy.cfg");
		Files.writeString(config, configuration);
		Process process = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
			.redirectOutput(directory.resolve("haproxy.log").toFile())
			.start();
		Haproxy haproxy = new Haproxy(process, directory);
		await().atMost(Duration.ofSeconds(20)).until(() -> !process.isAlive() || listens(v2Port));
		if (!process.isAlive()) {
			throw new IllegalStateException("HAProxy exited:\n" + haproxy.log());
		}
		return haproxy;
	}

	private static boolean listens(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** One command to the runtime API, its whole answer. */
	String command(String command) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(this.runtimeSocket));
			channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
				// HAProxy closes the socket after answering one command.
			}
			buffer.flip();
			return StandardCharsets.US_ASCII.decode(buffer).toString();
		}
	}

	/** {@code backend/server status check_status} of every server, from {@code show stat}. */
	List<String> serverStates() throws IOException {
		String[] lines = command("show stat").split("\n");
		List<String> header = List.of(lines[0].substring(2).split(","));
		int status = header.indexOf("status");
		int check = header.indexOf("check_status");
		List<String> states = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			String[] fields = lines[i].split(",", -1);
			if (fields.length > check && fields[1].startsWith("w")) {
				states.add(fields[0] + "/" + fields[1] + " " + fields[status] + " " + fields[check]);
			}
		}
		return states;
	}

	/** A server's current sessions ({@code scur} of {@code show stat}), connecting ones included. */
	int currentSessions(String backend, String server) throws IOException {
		String[] lines = command("show stat").split("\n");
		List<String> header = List.of(lines[0].substring(2).split(","));
		int scur = header.indexOf("scur");
		for (int i = 1; i < lines.length; i++) {
			String[] fields = lines[i].split(",", -1);
			if (fields.length > scur && fields[0].equals(backend) && fields[1].equals(server)) {
				return Integer.parseInt(fields[scur]);
			}
		}
		throw new IllegalArgumentException("no server " + backend + "/" + server);
	}

	String log() {
		try {
			return Files.readString(this.directory.resolve("haproxy.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
