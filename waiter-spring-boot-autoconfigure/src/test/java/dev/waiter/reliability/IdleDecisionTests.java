package dev.waiter.reliability;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;


import dev.waiter.WaiterOutcome;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.ProxyHeaders;
import dev.waiter.support.SlowReader;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop closes a connection as idle only when its handler waits for input having
 * consumed nothing since its last reply was written, and nothing of the client's is buffered
 * anywhere: these tests hold a request half-consumed, or whole but buffered past the kernel
 * (in the TLS layer, behind a PROXY header), at the moment the stop looks.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IdleDecisionTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter idle CA");

	private static final TestCertificates.Issued certificate = authority.issue("127.0.0.1");

	/** A memcached-like store: each line is one command, each answered with one line. */
	private static TestHandler.Process store(List<String> executed, boolean viaReader) {
		return (connection) -> {
			String command;
			while ((command = viaReader ? connection.reader().readLine() : connection.readLine(100)) != null) {
				executed.add(command);
				connection.out().writeText("DONE " + command + "\r\n");
			}
		};
	}

	@Test
	void aCommandHalfArrivedAfterAnAnsweredOneIsNotExecutedAsAWholeLineWhenAGracefulStopLooks() throws Exception {
		halfArrivedCommandSurvivesTheStop(false, "get a\r\ndelete kk".getBytes(StandardCharsets.US_ASCII),
				"k\r\n".getBytes(StandardCharsets.US_ASCII), "delete kkk");
	}

	@Test
	void aCommandHalfReadThroughTheReaderAfterAnAnsweredOneIsNotExecutedWhenAGracefulStopLooks() throws Exception {
		halfArrivedCommandSurvivesTheStop(true, "get a\r\ndelete kk".getBytes(StandardCharsets.US_ASCII),
				"k\r\n".getBytes(StandardCharsets.US_ASCII), "delete kkk");
	}

	/**
	 * Client A sends {@code get a} and the start of a second command ({@code first}), reads
	 * the answer to {@code get a}; client B, connected after A, is served and idle. The stop closes B (the
	 * registry visits connections in id order, so its pass has looked at A by then); A must
	 * still be open, and its command is executed whole ({@code whole}) once {@code rest} arrives.
	 */
	private void halfArrivedCommandSurvivesTheStop(boolean viaReader, byte[] first, byte[] rest, String whole)
			throws Exception {
		Reliability.contextRunner()
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s", "waiter.process-on-input=true")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				List<String> executed = new CopyOnWriteArrayList<>();
				context.getBean(TestHandler.class).set(store(executed, viaReader));
				try (Socket a = Clients.connect(server.getPort()); Socket b = Clients.connect(server.getPort())) {
					BufferedReader fromA = Clients.reader(a);
					OutputStream toA = a.getOutputStream();
					toA.write(first);
					toA.flush();
					assertThat(fromA.readLine()).isEqualTo("DONE get a");
					Clients.writer(b).println("ping");
					assertThat(Clients.reader(b).readLine()).isEqualTo("DONE ping");
					CountDownLatch stopped = new CountDownLatch(1);
					server.stop(stopped::countDown);
					assertThat(b.getInputStream().read()).as("the idle client is closed").isEqualTo(-1);
					toA.write(rest);
					toA.flush();
					assertThat(fromA.readLine()).isEqualTo("DONE " + whole);
					assertThat(fromA.readLine()).as("then closed as idle").isNull();
					assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				}
				assertThat(executed).containsExactly("get a", "ping", whole);
				assertThat(context.getBean(EventRecorder.class).awaitExited(2))
					.allSatisfy((event) -> assertThat(event.getOutcome()).isEqualTo(WaiterOutcome.SHUTDOWN));
			});
	}

	/**
	 * The reader holds the first byte of a two-byte character when the stop looks: the
	 * connection is in the middle of a request, not idle, and the character is executed
	 * whole once its second byte arrives (the replacement character was executed as a line
	 * before).
	 */
	@Test
	void aCharacterHalfArrivedInTheReaderIsNotExecutedAsALineWhenAGracefulStopLooks() throws Exception {
		halfArrivedCommandSurvivesTheStop(true, new byte[] { 'g', 'e', 't', ' ', 'a', '\r', '\n', (byte) 0xC3 },
				new byte[] { (byte) 0xA9, 'x', '\r', '\n' }, "\u00e9x");
	}

	/**
	 * A balancer slow to send its PROXY header (past the first-request grace) sends it
	 * together with a whole request after the stop began: the request came with the
	 * header, so the connection is not idle, and it is answered (it was closed unread).
	 */
	@Test
	void aRequestThatCameWithAProxyHeaderAfterTheStopBeganIsAnswered() throws Exception {
		Reliability.contextRunner()
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s", "waiter.proxy-protocol.enabled=true",
					"waiter.proxy-protocol.trusted-proxies=127.0.0.0/8")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				List<String> executed = new CopyOnWriteArrayList<>();
				context.getBean(TestHandler.class).set(store(executed, false));
				try (Socket client = Clients.connect(server.getPort())) {
					await().atMost(Duration.ofSeconds(10)).until(() -> server.connections().size() == 1);
					Instant accepted = server.connections().get(0).acceptedAt();
					CountDownLatch stopped = new CountDownLatch(1);
					server.stop(stopped::countDown);
					// past the second a client that has sent nothing gets at a stop
					Duration grace = Duration.ofMillis(1100);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> Duration.between(accepted, Instant.now()).compareTo(grace) > 0);
					OutputStream out = client.getOutputStream();
					out.write(ProxyHeaders.concat(ProxyHeaders.ascii("PROXY TCP4 192.0.2.1 192.0.2.2 40000 9123\r\n"),
							ProxyHeaders.ascii("ping\r\n")));
					out.flush();
					BufferedReader reader = Clients.reader(client);
					assertThat(reader.readLine()).isEqualTo("DONE ping");
					assertThat(reader.readLine()).isNull();
					assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				}
				assertThat(executed).containsExactly("ping");
			});
	}

	/**
	 * A client still receiving a large reply when the stop closes its connection as idle,
	 * and that sends its next request meanwhile, receives the whole reply: the idle close
	 * shuts only the output and keeps reading until the kernel has delivered everything
	 * (before, its reset cut the reply after 40 KiB).
	 */
	@Test
	void theTailOfALargeReplyArrivesWholeWhenTheClientSendsAgainAfterTheIdleClose() throws Exception {
		int reply = 1024 * 1024;
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch written = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				String line;
				while ((line = connection.readLine(100)) != null) {
					if (line.equals("big")) {
						connection.out().write(new byte[reply]);
						connection.out().flush();
						written.countDown();
					}
				}
			});
			try (Socket client = SlowReader.connect(server.getPort())) {
				client.getOutputStream().write("big\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(written.await(20, TimeUnit.SECONDS)).isTrue();
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				// the idle close shuts the server's output (the FIN waits behind the reply)
				await().atMost(Duration.ofSeconds(10))
					.until(() -> server.connections().get(0).socket().isOutputShutdown());
				client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(SlowReader.read(client, reply + 1L)).isEqualTo(reply);
				assertThat(stopped.await(20, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.SHUTDOWN);
		});
	}

	@Test
	void aRequestAlreadyDecryptedByTheTlsLayerIsAnsweredByAGracefulStop() throws Exception {
		Reliability.contextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s",
					"waiter.ssl.certificate=" + certificate.certificatePem(),
					"waiter.ssl.certificate-private-key=" + certificate.keyPem())
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				secondRequestBufferedPastTheKernel(server, context.getBean(TestHandler.class),
						() -> TestCertificates.connect(authority.clientContext(), server.getPort()), new byte[0]);
			});
	}

	@Test
	void aRequestThatCameWithALongProxyHeaderIsAnsweredByAGracefulStop() throws Exception {
		Reliability.contextRunner()
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s", "waiter.proxy-protocol.enabled=true",
					"waiter.proxy-protocol.trusted-proxies=127.0.0.0/8")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				byte[] header = ProxyHeaders.v2(0x21, 0x11, ProxyHeaders.concat(
						ProxyHeaders.ipv4("192.0.2.1", "192.0.2.2", 40000, 9123), ProxyHeaders.tlv(0x04, new byte[300])));
				secondRequestBufferedPastTheKernel(server, context.getBean(TestHandler.class),
						() -> Clients.connect(server.getPort()), header);
			});
	}

	/**
	 * Sends a first request of exactly the input's first read (256 bytes) and a second one
	 * in the same write; the handler answers the first only once the stop has begun, so that
	 * the second is whole, past the kernel, when the handler next waits for input.
	 */
	private void secondRequestBufferedPastTheKernel(WaiterServer server, TestHandler handler, Connector connector,
			byte[] before) throws Exception {
		CountDownLatch inFirst = new CountDownLatch(1);
		CountDownLatch stopBegun = new CountDownLatch(1);
		handler.set((connection) -> {
			String line;
			while ((line = connection.readLine(1000)) != null) {
				if (line.startsWith("first")) {
					inFirst.countDown();
					stopBegun.await(20, TimeUnit.SECONDS);
				}
				connection.writer().println("done " + line.substring(0, Math.min(line.length(), 6)));
			}
		});
		String first = "first" + " ".repeat(250);
		byte[] requests = (first + "\nsecond\n").getBytes(StandardCharsets.US_ASCII);
		try (Socket client = connector.connect()) {
			OutputStream out = client.getOutputStream();
			out.write(ProxyHeaders.concat(before, requests));
			out.flush();
			assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
			CountDownLatch stopped = new CountDownLatch(1);
			server.stop(stopped::countDown);
			assertThat(Clients.accepts(server.getPort())).isFalse();
			stopBegun.countDown();
			BufferedReader reader = Clients.reader(client);
			assertThat(reader.readLine()).isEqualTo("done first ");
			assertThat(reader.readLine()).isEqualTo("done second");
			assertThat(reader.readLine()).isNull();
			assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	/** Opens the client, once the test's handler is in place. */
	@FunctionalInterface
	private interface Connector {

		Socket connect() throws Exception;

	}

}
