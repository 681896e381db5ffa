package dev.waiter.proxy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import dev.waiter.ProxyHeader;
import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.actuate.WaiterMeters;
import dev.waiter.actuate.WaiterMetricsAutoConfiguration;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.waiter.support.ProxyHeaders.V2_SIGNATURE;
import static dev.waiter.support.ProxyHeaders.ascii;
import static dev.waiter.support.ProxyHeaders.concat;
import static dev.waiter.support.ProxyHeaders.ipv4;
import static dev.waiter.support.ProxyHeaders.tlv;
import static dev.waiter.support.ProxyHeaders.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProxyProtocolTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("waiter.proxy-protocol.enabled=true", "waiter.proxy-protocol.trusted-proxies=127.0.0.0/8");

	/** Replies with what the server knows of the client, then echoes one line. */
	private static void describe(WaiterConnection connection) throws Exception {
		ProxyHeader header = connection.proxyHeader();
		connection.writer()
			.println(connection.peerHost() + ":" + connection.peerPort() + " via "
					+ ((connection.proxyAddress() != null) ? connection.proxyAddress().getAddress().getHostAddress() : "-")
					+ " authority=" + ((header != null) ? header.authority() : null) + " line="
					+ connection.readLine(1024));
	}

	@Test
	void aVersion1HeaderGivesHandlersAndTheAcceptedEventTheClientsAddress() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			String reply = send(port, ascii("PROXY TCP4 203.0.113.7 192.0.2.1 5555 443\r\nhello\n"));
			assertThat(reply).isEqualTo("203.0.113.7:5555 via 127.0.0.1 authority=null line=hello");
			EventRecorder recorder = context.getBean(EventRecorder.class);
			WaiterAcceptedEvent accepted = recorder.all(WaiterAcceptedEvent.class).get(0);
			assertThat(accepted.getConnection().peerHost()).isEqualTo("203.0.113.7");
			assertThat(recorder.awaitExited(1).get(0).getConnection().toString()).contains("203.0.113.7:5555");
		});
	}

	@Test
	void theHeaderIsReadOnTheServingThreadInNoforkAndPreforkModeToo() {
		for (String mode : new String[] { "nofork", "prefork" }) {
			this.contextRunner.withPropertyValues("waiter.mode=" + mode, "waiter.prefork.min=1").run((context) -> {
				context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
				int port = context.getBean(Waiter.class).getPort();
				assertThat(send(port, ascii("PROXY TCP4 203.0.113.8 192.0.2.1 6000 443\r\n" + mode + "\n")))
					.as(mode)
					.isEqualTo("203.0.113.8:6000 via 127.0.0.1 authority=null line=" + mode);
				assertThat(send(port, ascii("no header\n"))).as(mode).isNull();
				assertThat(send(port, ascii("PROXY TCP4 203.0.113.9 192.0.2.1 6001 443\r\nagain\n"))).as(mode)
					.startsWith("203.0.113.9:6001");
			});
		}
	}

	@Test
	void aVersion2HeaderWithTlvsIsReadableByHandlersAndItsClientBytesAreNotLost() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			byte[] header = v2(0x21, 0x11, concat(ipv4("198.51.100.9", "192.0.2.1", 40001, 7000),
					tlv(ProxyHeader.PP2_TYPE_AUTHORITY, ascii("example.org"))));
			assertThat(send(port, concat(header, ascii("two\n")))).isEqualTo(
					"198.51.100.9:40001 via 127.0.0.1 authority=example.org line=two");
		});
	}

	@Test
	void aHeaderThatArrivesOneByteAtATimeIsReadWhole() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			try (Socket socket = Clients.connect(port)) {
				socket.setTcpNoDelay(true);
				OutputStream out = socket.getOutputStream();
				for (byte b : ascii("PROXY TCP6 2001:db8::5 2001:db8::1 6000 443\r\n")) {
					out.write(b);
					out.flush();
				}
				out.write(ascii("drip\n"));
				assertThat(Clients.reader(socket).readLine()).isEqualTo("2001:db8:0:0:0:0:0:5:6000 via 127.0.0.1 authority=null line=drip");
			}
		});
	}

	@Test
	void aVersion2LocalHeaderLikeAHealthCheckKeepsTheRealEndpoints() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			String reply = send(port, concat(v2(0x20, 0x00, new byte[0]), ascii("check\n")));
			assertThat(reply).matches("127\\.0\\.0\\.1:\\d+ via 127\\.0\\.0\\.1 authority=null line=check");
		});
	}

	@Test
	void aVersion2LocalHeaderIgnoresItsFamilyAndAShortAddressBlock() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			String tcp4Short = send(port, concat(v2(0x20, 0x11, new byte[] { 1, 2, 3, 4 }), ascii("tcp4\n")));
			assertThat(tcp4Short).matches("127\\.0\\.0\\.1:\\d+ via 127\\.0\\.0\\.1 authority=null line=tcp4");
			String unknownFamily = send(port, concat(v2(0x20, 0xF3, new byte[7]), ascii("odd\n")));
			assertThat(unknownFamily).matches("127\\.0\\.0\\.1:\\d+ via 127\\.0\\.0\\.1 authority=null line=odd");
			assertThat(context.getBean(EventRecorder.class).all(WaiterRejectedEvent.class)).isEmpty();
		});
	}

	@Test
	void aClientWithoutAHeaderIsRefusedCountedAndNeverServed() {
		this.contextRunner.run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			assertThat(send(port, ascii("hello\n"))).isNull();
			assertThat(send(port, concat(V2_SIGNATURE, new byte[] { 0x11, 0x11, 0, 0 }))).isNull();
			assertRefused(context.getBean(EventRecorder.class), context.getBean(MeterRegistry.class), 2);
		});
	}

	@Test
	void aSenderOutsideTheTrustedProxiesIsRefusedEvenWithAValidHeader() {
		this.contextRunner.withPropertyValues("waiter.proxy-protocol.trusted-proxies=10.0.0.0/8").run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			assertThat(send(port, ascii("PROXY TCP4 203.0.113.7 192.0.2.1 5555 443\r\nhello\n"))).isNull();
			assertRefused(context.getBean(EventRecorder.class), context.getBean(MeterRegistry.class), 1);
		});
	}

	@Test
	void aSilentClientIsRefusedAtTheHeaderTimeout() {
		this.contextRunner.withPropertyValues("waiter.proxy-protocol.header-timeout=300ms").run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			try (Socket silent = Clients.connect(port)) {
				silent.getOutputStream().write(ascii("PROXY TCP4 203.0"));
				long start = System.nanoTime();
				assertThat(silent.getInputStream().read()).isEqualTo(-1);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			}
			assertRefused(context.getBean(EventRecorder.class), context.getBean(MeterRegistry.class), 1);
		});
	}

	@Test
	void allowAndDenyJudgeTheClientsAddressFromTheHeader() {
		this.contextRunner.withPropertyValues("waiter.deny=203.0.113.0/24").run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			assertThat(send(port, ascii("PROXY TCP4 203.0.113.7 192.0.2.1 5555 443\r\nx\n"))).isNull();
			assertThat(send(port, ascii("PROXY TCP4 198.51.100.1 192.0.2.1 5555 443\r\ny\n"))).startsWith("198.51.100.1:5555");
			EventRecorder recorder = context.getBean(EventRecorder.class);
			assertThat(recorder.all(WaiterRejectedEvent.class)).singleElement().satisfies((event) -> {
				assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.DENIED);
				assertThat(event.getConnection().peerHost()).isEqualTo("203.0.113.7");
			});
		});
	}

	@Test
	void thePerPeerCapCountsTheClientsBehindTheBalancerApart() {
		this.contextRunner.withPropertyValues("waiter.max-connections-per-peer=1").run((context) -> {
			context.getBean(TestHandler.class).set(ProxyProtocolTests::describe);
			int port = context.getBean(Waiter.class).getPort();
			try (Socket first = Clients.connect(port)) {
				first.getOutputStream().write(ascii("PROXY TCP4 198.51.100.1 192.0.2.1 1000 443\r\n"));
				await().until(() -> context.getBean(Waiter.class).connections().stream()
					.anyMatch((connection) -> connection.proxyHeader() != null));
				assertThat(send(port, ascii("PROXY TCP4 198.51.100.1 192.0.2.1 1001 443\r\nsecond\n"))).isNull();
				assertThat(send(port, ascii("PROXY TCP4 198.51.100.2 192.0.2.1 1002 443\r\nother\n")))
					.startsWith("198.51.100.2:1002");
				first.getOutputStream().write(ascii("first\n"));
				assertThat(Clients.reader(first).readLine()).startsWith("198.51.100.1:1000");
			}
			assertThat(context.getBean(EventRecorder.class).all(WaiterRejectedEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.MAX_CONNECTIONS_PER_PEER));
		});
	}

	@Test
	void overTlsTheHeaderComesFirstThenTheHandshake(@TempDir Path directory) throws Exception {
		TestCertificates authority = TestCertificates.newAuthority("proxy test CA");
		TestCertificates.Issued server = authority.issue("localhost");
		Path certificate = directory.resolve("server.pem");
		Path key = directory.resolve("server.key");
		server.writePem(certificate, key);
		this.contextRunner
			.withPropertyValues("waiter.ssl.enabled=true", "waiter.ssl.certificate=file:" + certificate,
					"waiter.ssl.certificate-private-key=file:" + key)
			.run((context) -> {
				context.getBean(TestHandler.class).set((connection) -> {
					assertThat(connection.isSsl()).isTrue();
					describe(connection);
				});
				int port = context.getBean(Waiter.class).getPort();
				try (Socket plain = Clients.connect(port)) {
					plain.getOutputStream().write(ascii("PROXY TCP4 203.0.113.9 192.0.2.1 7777 443\r\n"));
					try (SSLSocket tls = (SSLSocket) authority.clientContext().getSocketFactory()
						.createSocket(plain, "localhost", port, true)) {
						tls.startHandshake();
						tls.getOutputStream().write(ascii("secret\n"));
						BufferedReader reader = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
						assertThat(reader.readLine()).isEqualTo("203.0.113.9:7777 via 127.0.0.1 authority=null line=secret");
					}
				}
			});
	}

	@Test
	void enablingItWithoutTrustedProxiesStopsStartUpNamingTheProperty() {
		WaiterContexts.runner().withPropertyValues("waiter.proxy-protocol.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.proxy-protocol.trusted-proxies");
		});
	}

	private static void assertRefused(EventRecorder recorder, MeterRegistry meters, int count) {
		await().untilAsserted(() -> assertThat(recorder.all(WaiterRejectedEvent.class)).hasSize(count)
			.allSatisfy((event) -> assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.PROXY_PROTOCOL)));
		assertThat(recorder.all(WaiterAcceptedEvent.class)).isEmpty();
		assertThat(meters.get(WaiterMeters.REJECTED).tag("reason", WaiterRejectedEvent.PROXY_PROTOCOL).counter().count())
			.isEqualTo(count);
	}

	/** Sends the bytes in one write and returns the first line of the reply, or null at end of stream. */
	static String send(int port, byte[] bytes) throws Exception {
		try (Socket socket = Clients.connect(port)) {
			socket.getOutputStream().write(bytes);
			try {
				return Clients.reader(socket).readLine();
			}
			catch (java.net.SocketException ex) {
				return null;
			}
		}
	}

}
