package dev.waiter.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/**
 * A loopback client that reads slowly but never stalls: the kernel's own buffers (as the
 * slow client the write timeout was first measured against), then {@link #CHUNK} bytes at
 * a time with a pause after each. The pause is the fault being
 * simulated (a client on a slow link), not synchronisation. Bounded: each read waits at
 * most {@link Clients#TIMEOUT_MILLIS}, and it stops after the bytes it was asked for.
 */
public final class SlowReader {

	/** What the client reads between two pauses. */
	public static final int CHUNK = 64 * 1024;

	/** The pause after each chunk: 64 KiB every 50 ms is about 1.3 MB/s. */
	public static final Duration PAUSE = Duration.ofMillis(50);

	private SlowReader() {
	}

	/** Connects; the caller closes the socket. */
	public static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
			socket.setSoTimeout(Clients.TIMEOUT_MILLIS);
			return socket;
		}
		catch (IOException ex) {
			Clients.close(socket);
			throw ex;
		}
	}

	/**
	 * Reads, pausing after every chunk, until the server closes (or resets) or {@code most}
	 * bytes came.
	 * @return how many bytes arrived
	 */
	public static long read(Socket socket, long most) throws IOException, InterruptedException {
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[CHUNK];
		long received = 0;
		while (received < most) {
			int chunk = 0;
			while (chunk < CHUNK) {
				int n;
				try {
					n = in.read(buffer, chunk, CHUNK - chunk);
				}
				catch (SocketException ex) {
					n = -1;
				}
				if (n < 0) {
					return received + chunk;
				}
				chunk += n;
			}
			received += chunk;
			Thread.sleep(PAUSE.toMillis());
		}
		return received;
	}

}
