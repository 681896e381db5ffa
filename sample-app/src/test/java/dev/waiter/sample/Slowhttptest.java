package dev.waiter.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The Debian {@code slowhttptest} program in slowloris mode ({@code -H}) against one port,
 * from 127.0.0.1 (it has no option for its source address), its report in a file. It opens
 * its connections once, at its rate, and does not reopen those the server closes; it ends
 * after its test length, or at {@link #close()}. Driven by the test's thread.
 */
final class Slowhttptest implements AutoCloseable {

	private static final String PROGRAM = "/usr/bin/slowhttptest";

	/** Line-buffers its output, which it would otherwise hold back until exit in a file. */
	private static final String STDBUF = "/usr/bin/stdbuf";

	private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

	private final Process process;

	private final Path report;

	private Slowhttptest(Process process, Path report) {
		this.process = process;
		this.report = report;
	}

	/** Skips the calling test when the program is missing. */
	static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(Path.of(PROGRAM)),
				"Skipped: " + PROGRAM + " is missing (apt-get install slowhttptest; .ci/run installs it)");
	}

	/**
	 * Starts {@code slowhttptest -c connections -H -i 8 -r 500 -l 40 -x 24 -p 3}: each
	 * connection sends a request line, then a random header line of up to 24 bytes every 8 s,
	 * and never the empty line that ends the head.
	 * @param port the server's port on 127.0.0.1
	 * @param connections how many connections to open
	 */
	static Slowhttptest start(int port, int connections) throws IOException {
		Path report = Files.createTempFile("slowhttptest", ".out");
		List<String> command = new ArrayList<>();
		if (Files.isExecutable(Path.of(STDBUF))) {
			command.addAll(List.of(STDBUF, "-oL"));
		}
		command.addAll(List.of(PROGRAM, "-c", Integer.toString(connections), "-H", "-i", "8",
				"-r", "500", "-l", "40", "-u", "http://127.0.0.1:" + port + "/", "-x", "24", "-p", "3"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(report.toFile())
			.start();
		return new Slowhttptest(process, report);
	}

	/**
	 * Its last status block: connections pending, connected, closed and whether its own
	 * probe (from 127.0.0.1 as well) found the service available.
	 */
	String lastStatus() throws IOException {
		String text = ANSI.matcher(Files.readString(this.report, StandardCharsets.UTF_8)).replaceAll("");
		int at = text.lastIndexOf("slow HTTP test status on");
		if (at < 0) {
			return "no status yet";
		}
		String block = text.substring(at);
		return "slowhttptest at its " + firstLine(block) + ": pending " + field(block, "pending") + ", connected "
				+ field(block, "connected") + ", error " + field(block, "error") + ", closed " + field(block, "closed")
				+ ", service available " + field(block, "service available")
				+ (block.contains("Exit status") ? ", ended on its " + field(block, "Test ended on") + " second: " + exitStatus(block) : ", still running");
	}

	private static String firstLine(String block) {
		int end = block.indexOf('\n');
		return ((end < 0) ? block : block.substring(0, end)).replace("slow HTTP test status on ", "").replace(":", "").trim();
	}

	private static String exitStatus(String block) {
		String rest = block.substring(block.indexOf("Exit status:") + "Exit status:".length()).trim();
		int end = rest.indexOf('\n');
		return (end < 0) ? rest : rest.substring(0, end).trim();
	}

	private static String field(String block, String name) {
		Matcher matcher = Pattern.compile(name + ":?\\s*(\\S+)").matcher(block);
		return matcher.find() ? matcher.group(1) : "?";
	}

	@Override
	public void close() throws IOException {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			Files.deleteIfExists(this.report);
		}
	}

}
