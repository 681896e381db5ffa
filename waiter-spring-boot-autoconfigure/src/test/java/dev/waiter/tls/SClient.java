package dev.waiter.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An interactive {@code openssl s_client} on 127.0.0.1, with its command letters on (no
 * {@code -quiet}): a line {@code R} renegotiates (TLS 1.2), {@code K} sends a key update
 * (TLS 1.3). A daemon thread reads its output (stdout and stderr) line by line; every wait
 * is bounded by the time given.
 */
final class SClient implements AutoCloseable {

	private static final String END = "\u0000end of output";

	private final Process process;

	private final OutputStream in;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> seen = new ArrayList<>();

	private boolean ended;

	private SClient(Process process) {
		this.process = process;
		this.in = process.getOutputStream();
		Thread reader = new Thread(this::readOutput, "s_client output");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts s_client against the port.
	 * @param port the server's port on 127.0.0.1
	 * @param protocol {@code -tls1_2} or {@code -tls1_3}
	 */
	static SClient connect(int port, String protocol) throws IOException {
		return new SClient(new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, protocol)
			.redirectErrorStream(true)
			.start());
	}

	private void readOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.US_ASCII))) {
			for (String line; (line = reader.readLine()) != null;) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process went away: its output ends here
		}
		this.lines.add(END);
	}

	/**
	 * Types a line into s_client: sent to the server, or a command letter.
	 * @return false if s_client had already exited (its connection ended), so took nothing
	 */
	boolean type(String line) {
		try {
			this.in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
			this.in.flush();
			return true;
		}
		catch (IOException ex) {
			if (!exits()) {
				throw new UncheckedIOException(ex);
			}
			return false;
		}
	}

	/**
	 * Waits for an output line that contains the text.
	 * @return true if it came; false if the output ended or the time ran out first
	 */
	boolean awaitLine(String text, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.ended) {
			String line = this.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				return false;
			}
			if (line.equals(END)) {
				this.ended = true;
				return false;
			}
			this.seen.add(line);
			if (line.contains(text)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Waits for the output to end, as it does when the server closes the connection.
	 * @return true if it ended (and the process exited) within the time
	 */
	boolean awaitEnd(Duration timeout) throws InterruptedException {
		awaitLine(END, timeout);
		return this.ended && this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Whether s_client exits within 10 s: its stdin closed, as it is when it ends. */
	private boolean exits() {
		try {
			return this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Every output line read so far, for assertion messages. */
	String output() {
		return String.join("\n", this.seen);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
