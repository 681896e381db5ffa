package dev.waiter.resp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.LocalWaiterPort;
import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterRequestEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the request model gives the example: one named request event per command, and a
 * connection idle between commands that holds no thread (platform threads, so the idle
 * wait is the selector's).
 */
@SpringBootTest(properties = { "waiter.port=0", "waiter.address=127.0.0.1", "waiter.threads.virtual=false" })
@Import(RespRequestModelTests.Requests.class)
class RespRequestModelTests {

	@LocalWaiterPort
	int port;

	@Autowired
	Waiter waiter;

	@Autowired
	Requests requests;

	@Test
	void eachCommandIsOneRequestNamedByItsCommandAndUnknownCommandsShareOneName() throws IOException {
		try (Socket client = connect()) {
			String commands = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\nget k\r\nHGET h f\r\nFLUSHALL\r\nPING\r\n";
			String replies = "+OK\r\n$1\r\nv\r\n-ERR unknown command 'hget'\r\n-ERR unknown command 'flushall'\r\n+PONG\r\n";
			client.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(client.getInputStream().readNBytes(replies.length()), StandardCharsets.US_ASCII))
				.isEqualTo(replies);
			List<WaiterRequestEvent> mine = this.requests.of(connectionOf(client).id());
			assertThat(mine).extracting(WaiterRequestEvent::getRequestName)
				.containsExactly("SET", "GET", "OTHER", "OTHER", "PING");
			assertThat(mine).extracting(WaiterRequestEvent::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
		}
	}

	@Test
	void aConnectionIdleBetweenCommandsHoldsNoThreadAndIsServedAgainWhenItSendsTheNext() throws IOException {
		try (Socket client = connect()) {
			client.getOutputStream().write("SET idle yes\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.getInputStream().readNBytes(5)).isEqualTo("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
			String worker = "waiter-" + connectionOf(client).id();
			await().atMost(Duration.ofSeconds(10)).until(() -> !threadNames().contains(worker));
			client.getOutputStream().write("GET idle\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.getInputStream().readNBytes(9))
				.isEqualTo("$3\r\nyes\r\n".getBytes(StandardCharsets.US_ASCII));
		}
	}

	private WaiterConnection connectionOf(Socket client) {
		return this.waiter.connections()
			.stream()
			.filter((connection) -> connection.peerPort() == client.getLocalPort())
			.findFirst()
			.orElseThrow();
	}

	private static List<String> threadNames() {
		Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
		return threads.keySet().stream().map(Thread::getName).toList();
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	/** Records every request event; on the connections' threads. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Requests {

		private final List<WaiterRequestEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onRequest(WaiterRequestEvent event) {
			this.events.add(event);
		}

		List<WaiterRequestEvent> of(long connection) {
			return this.events.stream().filter((event) -> event.getConnection().id() == connection).toList();
		}

	}

}
