package dev.waiter.sample;

import java.io.IOException;
import java.io.PrintWriter;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterProcessEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Net::Waiter's demo handlers: on_accept_ok logs the client, on_process answers with a
 * fixed HTTP/1.0 reply; the server closes the connection when process returns.
 */
@Component
public class HelloWorldWaiter {

	static final String REPLY = "HTTP/1.0 200 OK\r\n" + "content-type: text/plain\r\n" + "content-length: 12\r\n"
			+ "\r\n" + "hello world\n";

	private static final int MAX_LINE = 8192;

	private static final int MAX_HEADER_LINES = 100;

	private static final Logger logger = LoggerFactory.getLogger(HelloWorldWaiter.class);

	/**
	 * on_accept_ok, on the acceptor thread.
	 * @param event the accepted client
	 */
	@EventListener
	public void onAccept(WaiterAcceptedEvent event) {
		logger.info("client connected from {}", event.getConnection().peerHost());
	}

	/**
	 * on_process, on the connection's thread: reads the request head (so that closing
	 * never resets a client whose request is still unread), then replies.
	 * @param event the connection to serve
	 * @throws IOException when the client goes away or sends a line over 8 KiB
	 */
	@EventListener
	public void onProcess(WaiterProcessEvent event) throws IOException {
		WaiterConnection connection = event.getConnection();
		skipRequestHead(connection);
		PrintWriter writer = connection.writer();
		writer.print(REPLY);
		writer.flush();
	}

	private static void skipRequestHead(WaiterConnection connection) throws IOException {
		for (int i = 0; i < MAX_HEADER_LINES; i++) {
			String line = connection.readLine(MAX_LINE);
			if (line == null || line.isEmpty()) {
				return;
			}
		}
	}

}
