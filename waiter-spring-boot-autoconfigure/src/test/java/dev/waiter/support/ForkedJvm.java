package dev.waiter.support;

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
public final class ForkedJvm {

	private final Process process;

	private final Path output;

	private ForkedJvm(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	public static ForkedJvm start(String... args) throws IOException {
		return start(javaCommand(args));
	}

	/**
	 * Starts the application under a shell's {@code ulimit -n}, so that it runs out of file
	 * descriptors long before the test does.
	 */
	public static ForkedJvm startWithFileLimit(int openFiles, String... args) throws IOException {
		StringBuilder shell = new StringBuilder("ulimit -n " + openFiles + " && exec");
		for (String part : javaCommand(args)) {
			shell.append(" '").append(part.replace("'", "'\\''")).append("'");
		}
		return start(List.of("bash", "-c", shell.toString()));
	}

	/**
	 * Starts the application under a launcher that passes it a socket, such as
	 * {@code systemd-socket-activate}: {@code launcher... sh -c 'exec java ... >>output 2>&1'},
	 * so its output reaches the file whatever the launcher puts on standard output.
	 */
	public static ForkedJvm startUnder(List<String> launcher, String... args) throws IOException {
		Path output = Files.createTempFile("waiter-forked", ".log");
		List<String> command = new ArrayList<>(launcher);
		command.addAll(List.of("sh", "-c", "exec \"$@\" >>\"$0\" 2>&1", output.toString()));
		command.addAll(javaCommand(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
			.start();
		return new ForkedJvm(process, output);
	}

	/** The command that starts {@link MinimalWaiterApplication} with these arguments in a new JVM. */
	public static List<String> javaCommand(String... args) {
		List<String> command = new ArrayList<>();
		command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(MinimalWaiterApplication.class.getName());
		command.addAll(List.of(args));
		return command;
	}

	private static ForkedJvm start(List<String> command) throws IOException {
		Path output = Files.createTempFile("waiter-forked", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		return new ForkedJvm(process, output);
	}

	public long pid() {
		return this.process.pid();
	}

	public int awaitExit(long seconds) throws InterruptedException {
		if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("Forked JVM did not exit within " + seconds + "s:\n" + output());
		}
		return this.process.exitValue();
	}

	/**
	 * Waits up to the given time for the JVM to exit.
	 * @return whether it is still running afterwards
	 */
	public boolean isAliveAfter(long millis) throws InterruptedException {
		return !this.process.waitFor(millis, TimeUnit.MILLISECONDS);
	}

	public String output() {
		try {
			return Files.readString(this.output);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	public void destroy() throws InterruptedException {
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
