package dev.waiter.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A slowloris from one source address of its own (127.0.0.x), for what slowhttptest cannot
 * do: it binds no source address. As slowhttptest does, it opens its connections once, 50
 * every 100 ms, each sending a request line and then one short header line every interval,
 * never the empty line that ends the head, and does not reopen those the server closes.
 * Everything runs on one scheduler thread of its own; {@link #close()} ends it and closes
 * every socket. Bounded: at most {@code connections} sockets, ended by the caller.
 */
final class SlowHeaderClients implements AutoCloseable {

	private static final int OPENED_PER_TICK = 50;

	private final InetAddress source;

	private final int port;

	private final int connections;

	private final List<Socket> open = new ArrayList<>();

	private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
		Thread thread = new Thread(task, "slow-headers");
		thread.setDaemon(true);
		return thread;
	});

	private int opened;

	private int failedToOpen;

	private int closedByServer;

	private SlowHeaderClients(InetAddress source, int port, int connections) {
		this.source = source;
		this.port = port;
		this.connections = connections;
	}

	/**
	 * Starts opening the connections.
	 * @param source the address to send from, such as 127.0.0.2
	 * @param port the server's port on 127.0.0.1
	 * @param connections how many to open
	 * @param interval between two header lines on one connection
	 */
	static SlowHeaderClients start(String source, int port, int connections, Duration interval) throws IOException {
		SlowHeaderClients clients = new SlowHeaderClients(InetAddress.getByName(source), port, connections);
		clients.scheduler.scheduleWithFixedDelay(clients::openSome, 0, 100, TimeUnit.MILLISECONDS);
		clients.scheduler.scheduleWithFixedDelay(clients::trickle, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
		return clients;
	}

	private void openSome() {
		for (int i = 0; i < OPENED_PER_TICK && this.opened + this.failedToOpen < this.connections; i++) {
			Socket socket = new Socket();
			try {
				socket.bind(new InetSocketAddress(this.source, 0));
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 2_000);
				socket.getOutputStream()
					.write(("GET /?" + this.opened + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
				this.open.add(socket);
				this.opened++;
			}
			catch (IOException ex) {
				this.failedToOpen++;
				closeQuietly(socket);
			}
		}
	}

	private void trickle() {
		byte[] line = ("X-a: " + Long.toHexString(System.nanoTime()) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		this.open.removeIf((socket) -> {
			try {
				OutputStream out = socket.getOutputStream();
				out.write(line);
				return false;
			}
			catch (IOException ex) {
				this.closedByServer++;
				closeQuietly(socket);
				return true;
			}
		});
	}

	/** Connections opened, still open as far as a write can tell, and found closed. */
	String report() {
		try {
			return this.scheduler.submit(() -> "slow headers from " + this.source.getHostAddress() + ": opened "
					+ this.opened + ", failed to open " + this.failedToOpen + ", still open " + this.open.size()
					+ ", closed by the server " + this.closedByServer)
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			return "slow headers from " + this.source.getHostAddress() + ": no report (" + ex + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.scheduler.shutdownNow();
		this.scheduler.awaitTermination(10, TimeUnit.SECONDS);
		this.open.forEach(SlowHeaderClients::closeQuietly);
		this.open.clear();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

}
