package dev.waiter.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Loopback test clients with bounded connect and read times.
 */
public final class Clients {

	public static final int TIMEOUT_MILLIS = 10_000;

	private Clients() {
	}

	public static Socket connect(int port) {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			return socket;
		}
		catch (IOException ex) {
			close(socket);
			throw new UncheckedIOException(ex);
		}
	}

	public static BufferedReader reader(Socket socket) throws IOException {
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
	}

	public static PrintWriter writer(Socket socket) throws IOException {
		return new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
	}

	/** Sends one line, reads everything until the server closes. */
	public static String exchange(int port, String line) throws IOException {
		try (Socket socket = connect(port)) {
			PrintWriter writer = writer(socket);
			writer.print(line + "\n");
			writer.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Sends one line on an open connection and reads one line of reply, byte by byte, so
	 * nothing after it is read ahead.
	 * @return the reply without its terminator, or {@code null} if the server closed first
	 */
	public static String exchangeOn(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
		java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
		for (int b; (b = socket.getInputStream().read()) != '\n';) {
			if (b < 0) {
				return (reply.size() == 0) ? null : reply.toString(StandardCharsets.UTF_8);
			}
			reply.write(b);
		}
		return reply.toString(StandardCharsets.UTF_8);
	}

	/**
	 * Sends one byte every 50 ms, never a whole line, for at most 10 s, until the server
	 * closes the connection or {@code ended} holds: each read of the server's gets a byte
	 * within any read timeout, the request never completes (a slow-request attack).
	 */
	public static void trickleUntil(Socket socket, java.util.function.BooleanSupplier ended) throws IOException {
		java.io.OutputStream out = socket.getOutputStream();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.pollInterval(java.time.Duration.ofMillis(50))
			.until(() -> {
				try {
					out.write('x');
					out.flush();
				}
				catch (IOException ex) {
					return true;
				}
				return ended.getAsBoolean();
			});
	}

	/** Whether a client can connect at all: false once the listen socket is closed. */
	public static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing a test client
		}
	}

}
