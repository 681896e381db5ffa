package dev.waiter.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real HAProxy in front of waiter on a Unix domain socket ({@code server s1 unix@PATH
 * send-proxy-v2}): the handler sees each client's own loopback address from the PROXY
 * header, and the peer's credentials (HAProxy's) on the connection; HAProxy's health
 * checks find the server up.
 */
@Timeout(90)
class HaproxyUnixSocketTests {

	private static final String CLIENT = "127.0.0.9";

	@TempDir
	Path directory;

	@Test
	void behindHaproxyOnAUnixSocketTheHandlerSeesTheClientsOwnAddress() throws Exception {
		Path socket = this.directory.resolve("waiter.sock");
		WaiterContexts.runner()
			.withPropertyValues("waiter.unix-socket=" + socket, "waiter.proxy-protocol.enabled=true",
					// matches no address: a Unix peer is trusted whatever the blocks
					"waiter.proxy-protocol.trusted-proxies=192.0.2.0/24")
			.run((context) -> {
				context.getBean(TestHandler.class).set((connection) -> {
					String line = connection.readLine(1024);
					connection.writer()
						.println(line + " " + connection.peerHost() + " " + connection.peerCredentials().user());
				});
				int port = Haproxy.freePort();
				Path haproxyDirectory = Files.createDirectory(this.directory.resolve("haproxy"));
				String configuration = "global\n  maxconn 256\ndefaults\n  mode tcp\n  timeout connect 2s\n"
						+ "  timeout client 30s\n  timeout server 30s\n" + "frontend front\n  bind 127.0.0.1:" + port
						+ "\n  default_backend unix\n" + "backend unix\n  server s1 unix@" + socket
						+ " send-proxy-v2 check inter 100ms rise 1 fall 1\n";
				try (Haproxy haproxy = Haproxy.start(haproxyDirectory, configuration, port)) {
					String user = System.getProperty("user.name");
					for (int i = 0; i < 5; i++) {
						String request = "req-" + i;
						String reply = await().atMost(Duration.ofSeconds(20))
							.until(() -> exchange(port, request), (answer) -> !answer.isEmpty());
						assertThat(reply).as(haproxy.log()).isEqualTo(request + " " + CLIENT + " " + user + "\n");
					}
					List<WaiterAcceptedEvent> accepted = context.getBean(EventRecorder.class)
						.all(WaiterAcceptedEvent.class);
					assertThat(accepted).anyMatch((event) -> event.getConnection().proxyHeader() != null
							&& event.getConnection().proxyHeader().source() != null);
				}
			});
	}

	private static String exchange(int port, String request) {
		try (Socket client = new Socket()) {
			client.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
			client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
			client.setSoTimeout(10_000);
			OutputStream out = client.getOutputStream();
			out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = client.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
