package dev.waiter.support;

import java.nio.charset.StandardCharsets;

import dev.waiter.event.WaiterProtocolErrorEvent;
import dev.waiter.event.WaiterRequestEvent;

import org.springframework.context.event.EventListener;

/**
 * A request-model listener whose behaviour each test sets: by default it answers each line
 * (the framing's {@code byte[]} payload) with {@code echo:<line>}; a protocol error is
 * answered only when a test asks for it.
 */
public class RequestHandler {

	/** What a test does with one request. */
	@FunctionalInterface
	public interface Handle {

		void handle(WaiterRequestEvent event) throws Exception;

	}

	private volatile Handle handle = RequestHandler::echo;

	private volatile boolean answerProtocolErrors;

	public void set(Handle handle) {
		this.handle = handle;
	}

	public void answerProtocolErrors(boolean answer) {
		this.answerProtocolErrors = answer;
	}

	@EventListener
	public void onRequest(WaiterRequestEvent event) throws Exception {
		this.handle.handle(event);
	}

	@EventListener
	public void onProtocolError(WaiterProtocolErrorEvent event) throws Exception {
		if (this.answerProtocolErrors) {
			event.getConnection().out().writeAscii("-ERR " + event.getError().getMessage() + "\n");
		}
	}

	public static void echo(WaiterRequestEvent event) throws Exception {
		byte[] line = event.getRequest();
		event.getConnection().out().writeAscii("echo:" + new String(line, StandardCharsets.UTF_8) + "\n");
	}

}
