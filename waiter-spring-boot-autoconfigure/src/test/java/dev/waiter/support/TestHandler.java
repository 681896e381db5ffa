package dev.waiter.support;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterProcessEvent;

import org.springframework.context.event.EventListener;

/**
 * The process listener of the test contexts; each test sets what it does. By default it
 * echoes one line.
 */
public class TestHandler {

	/** What a test's process step does with the connection. */
	@FunctionalInterface
	public interface Process {

		void process(WaiterConnection connection) throws Exception;

	}

	private volatile Process process = TestHandler::echoOneLine;

	public void set(Process process) {
		this.process = process;
	}

	@EventListener
	public void onProcess(WaiterProcessEvent event) throws Exception {
		this.process.process(event.getConnection());
	}

	public static void echoOneLine(WaiterConnection connection) throws Exception {
		String line = connection.readLine(1024);
		if (line != null) {
			connection.writer().println("echo:" + line);
		}
	}

}
