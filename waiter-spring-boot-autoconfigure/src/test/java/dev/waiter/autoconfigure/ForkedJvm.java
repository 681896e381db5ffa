package dev.waiter.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link MinimalWaiterApplication} in a new JVM with this test's class path, its
 * output in a file the test can read.
 */
final class ForkedJvm {

	private final Process process;

	private final Path output;

	private ForkedJvm(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	static ForkedJvm start(String... args) throws IOException {
		Path output = Files.createTempFile("waiter-forked", ".log");
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MinimalWaiterApplication.class.getName());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new ForkedJvm(process, output);
	}

	long pid() {
		return this.process.pid();
	}

	int awaitExit(long seconds) throws InterruptedException {
		if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("Forked JVM did not exit within " + seconds + "s:\n" + output());
		}
		return this.process.exitValue();
	}

	String output() {
		try {
			return Files.readString(this.output);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	void destroy() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		try {
			Files.deleteIfExists(this.output);
		}
		catch (IOException ex) {
			// a temporary file
		}
	}

}
