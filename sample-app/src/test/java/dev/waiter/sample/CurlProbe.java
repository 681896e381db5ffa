package dev.waiter.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A normal client: one {@code curl} request from a source address of its own, given 5 s
 * for the whole exchange. Counts what it got; run from one thread at a time (Awaitility's
 * poller).
 */
final class CurlProbe {

	private final String source;

	private final int port;

	private int answered;

	private int failed;

	private String lastFailure = "none";

	CurlProbe(String source, int port) {
		this.source = source;
		this.port = port;
	}

	/** One request; true when it was answered "hello world". */
	synchronized boolean probe() throws IOException, InterruptedException {
		Process curl = new ProcessBuilder(List.of("curl", "-s", "-S", "--max-time", "5", "--interface", this.source,
				"http://127.0.0.1:" + this.port + "/"))
			.redirectErrorStream(true)
			.start();
		String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!curl.waitFor(10, TimeUnit.SECONDS)) {
			curl.destroyForcibly();
		}
		if (output.equals("hello world\n")) {
			this.answered++;
			return true;
		}
		this.failed++;
		this.lastFailure = output.trim();
		return false;
	}

	synchronized int answered() {
		return this.answered;
	}

	synchronized int failed() {
		return this.failed;
	}

	synchronized int probes() {
		return this.answered + this.failed;
	}

	synchronized String report() {
		return "curl from " + this.source + ": " + this.answered + " answered, " + this.failed + " failed (last: "
				+ this.lastFailure + ")";
	}

}
