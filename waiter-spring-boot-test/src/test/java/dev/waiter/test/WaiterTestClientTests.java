package dev.waiter.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.waiter.ProxyHeader;
import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.frame.Framing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WaiterTestClientTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
		.withBean(Echo.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@Test
	void linesGoOutAndTheirRepliesAreChecked() {
		this.contextRunner.run((context) -> {
			try (WaiterTestClient client = WaiterTestClient.connect(context.getBean(Waiter.class).getPort())) {
				client.sendLine("one").expectLine("one").sendLine("two").expectLine("two");
				client.shutdownOutput().expectClosed();
			}
		});
	}

	@Test
	void aWrongReplyFailsWithWhatWasExpected() {
		this.contextRunner.run((context) -> {
			try (WaiterTestClient client = WaiterTestClient.connect(context.getBean(Waiter.class).getPort())) {
				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> client.sendLine("actual").expectLine("expected"))
					.withMessage("Expected the line \"expected\" but got \"actual\"");
			}
		});
	}

	@Test
	void framesGoOutAndComeBackWithTheServersFraming() {
		this.contextRunner.withPropertyValues("waiter.frame.type=length-prefixed").run((context) -> {
			Framing framing = Framing.lengthPrefixed(4, false, 1024);
			byte[] payload = { 0, 1, 2, '\n', (byte) 0xff };
			try (WaiterTestClient client = WaiterTestClient.connect(context.getBean(Waiter.class).getPort())) {
				client.sendFrame(framing, payload).expectFrame(framing, payload);
			}
		});
	}

	@Test
	void aClientBehindAProxyIsSeenByTheServerAsTheAddressItsHeaderNames() {
		this.contextRunner
			.withPropertyValues("waiter.proxy-protocol.enabled=true", "waiter.proxy-protocol.trusted-proxies=127.0.0.1/32")
			.withBean(Who.class)
			.run((context) -> {
				int port = context.getBean(Waiter.class).getPort();
				try (WaiterTestClient client = WaiterTestClient.connectBehindProxy(port,
						new InetSocketAddress("203.0.113.5", 4444))) {
					client.sendLine("who").expectLine("203.0.113.5:4444 null");
				}
				try (WaiterTestClient client = WaiterTestClient.connectBehindProxyV2(port,
						new InetSocketAddress("2001:db8::9", 5555),
						Map.of(ProxyHeader.PP2_TYPE_AUTHORITY, "example.org".getBytes(StandardCharsets.US_ASCII)))) {
					client.sendLine("who").expectLine("2001:db8:0:0:0:0:0:9:5555 example.org");
				}
			});
	}

	@Test
	void aTlsClientTrustsTheServersOwnBundle(@TempDir Path directory) throws Exception {
		Path keystore = TestKeystores.selfSigned(directory.resolve("server.p12"));
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.jks.server.keystore.location=file:" + keystore,
					"spring.ssl.bundle.jks.server.keystore.password=secret",
					"spring.ssl.bundle.jks.server.keystore.type=PKCS12", "waiter.ssl.bundle=server")
			.run((context) -> {
				int port = context.getBean(Waiter.class).getPort();
				try (WaiterTestClient client = WaiterTestClient.connectTls(port,
						context.getBean(SslBundles.class).getBundle("server"))) {
					client.sendLine("secret").expectLine("secret");
					assertThat(client.socket()).isInstanceOf(javax.net.ssl.SSLSocket.class);
				}
			});
	}

	/** Echoes lines, or frames when a framing other than lines is set. */
	static class Echo {

		@EventListener(condition = "#event.connection.proxyHeader() == null")
		void process(WaiterProcessEvent event) throws IOException {
			for (byte[] frame; (frame = event.getConnection().readFrame()) != null;) {
				event.getConnection().writeFrame(frame);
			}
		}

	}

	/** Answers "who" with the client's address as the server sees it, and the header's authority. */
	static class Who {

		@EventListener(condition = "#event.connection.proxyHeader() != null")
		void onProcess(WaiterProcessEvent event) throws IOException {
			WaiterConnection connection = event.getConnection();
			if ("who".equals(connection.readLine(100))) {
				connection.writer()
					.println(connection.peerHost() + ":" + connection.peerPort() + " " + connection.proxyHeader().authority());
			}
		}

	}

}
