package dev.waiter.server;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterRequestEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.ProxyHeaders;
import dev.waiter.support.RequestHandler;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.waiter.autoconfigure.WaiterAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The request model over every transport and mode: TLS, the PROXY protocol, a Unix domain
 * socket, prefork and nofork mode, virtual threads; and the request timeout in the
 * connection model, which tells a request in progress from an idle wait too.
 */
class RequestModelTransportsTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter test CA");

	private static final TestCertificates.Issued certificate = authority.issue("127.0.0.1");

	private static ApplicationContextRunner runner(WaiterRequestModel.IdleWait idleWait) {
		return RequestModelTests.runner(idleWait);
	}

	@ParameterizedTest
	@EnumSource
	void tlsConnectionsAreServedRequestByRequestAndAnIdleOneIsClosedByAGracefulStop(
			WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
			.withPropertyValues("waiter.ssl.certificate=" + certificate.certificatePem(),
					"waiter.ssl.certificate-private-key=" + certificate.keyPem())
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				try (SSLSocket client = TestCertificates.connect(authority.clientContext(), server.getPort())) {
					OutputStream out = client.getOutputStream();
					out.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
					BufferedReader reader = Clients.reader(client);
					assertThat(reader.readLine()).isEqualTo("echo:one");
					assertThat(reader.readLine()).isEqualTo("echo:two");
					out.write("three\n".getBytes(StandardCharsets.UTF_8));
					out.flush();
					assertThat(reader.readLine()).isEqualTo("echo:three");
					CountDownLatch stopped = new CountDownLatch(1);
					server.stop(stopped::countDown);
					assertThat(reader.readLine()).isNull();
					assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				}
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.SHUTDOWN);
				assertThat(context.getBean(EventRecorder.class).all(WaiterRequestEvent.class)).hasSize(3);
			});
	}

	@ParameterizedTest
	@EnumSource
	void behindTheProxyProtocolTheRequestsSentWithTheHeaderAreServedAndTheClientIsTheHeaders(
			WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait)
			.withPropertyValues("waiter.proxy-protocol.enabled=true", "waiter.proxy-protocol.trusted-proxies=127.0.0.0/8")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				context.getBean(RequestHandler.class)
					.set((event) -> event.getConnection().out().writeAscii(event.getConnection().peerHost() + ":"
							+ new String((byte[]) event.getRequest(), StandardCharsets.UTF_8) + "\n"));
				try (Socket client = Clients.connect(server.getPort())) {
					client.getOutputStream()
						.write(ProxyHeaders.ascii("PROXY TCP4 192.0.2.7 127.0.0.1 4711 80\r\nwith\nheader\n"));
					BufferedReader reader = Clients.reader(client);
					assertThat(reader.readLine()).isEqualTo("192.0.2.7:with");
					assertThat(reader.readLine()).isEqualTo("192.0.2.7:header");
					assertThat(Clients.exchangeOn(client, "later")).isEqualTo("192.0.2.7:later");
				}
				assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
					.isEqualTo(WaiterOutcome.COMPLETED);
			});
	}

	@ParameterizedTest
	@EnumSource
	void aUnixDomainSocketIsServedRequestByRequest(WaiterRequestModel.IdleWait idleWait, @TempDir Path directory)
			throws Exception {
		Path path = directory.resolve("r.sock");
		runner(idleWait).withPropertyValues("waiter.unix-socket=" + path).run((context) -> {
			try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
				client.connect(UnixDomainSocketAddress.of(path));
				client.write(ByteBuffer.wrap("a\nb\n".getBytes(StandardCharsets.UTF_8)));
				BufferedReader reader = new BufferedReader(Channels.newReader(client, StandardCharsets.UTF_8));
				assertThat(reader.readLine()).isEqualTo("echo:a");
				assertThat(reader.readLine()).isEqualTo("echo:b");
				client.write(ByteBuffer.wrap("c\n".getBytes(StandardCharsets.UTF_8)));
				assertThat(reader.readLine()).isEqualTo("echo:c");
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(Files.exists(path)).isTrue();
		});
	}

	@ParameterizedTest
	@EnumSource(names = { "PREFORK", "NOFORK" })
	void preforkAndNoforkModeServeRequestsOnTheirWorkersAndAStopClosesAnIdleConnection(dev.waiter.WaiterMode mode) {
		runner(WaiterRequestModel.IdleWait.SELECTOR).withPropertyValues("waiter.mode=" + mode.name().toLowerCase())
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				try (Socket client = Clients.connect(server.getPort())) {
					client.getOutputStream().write("a\nb\n".getBytes(StandardCharsets.UTF_8));
					BufferedReader reader = Clients.reader(client);
					assertThat(List.of(reader.readLine(), reader.readLine())).containsExactly("echo:a", "echo:b");
					CountDownLatch stopped = new CountDownLatch(1);
					server.stop(stopped::countDown);
					assertThat(reader.readLine()).isNull();
					assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				}
				assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
					.isEqualTo(WaiterOutcome.SHUTDOWN);
			});
	}

	@Test
	void onVirtualThreadsAConnectionBetweenRequestsWaitsOnAShallowStack() {
		assumeThat(Runtime.version().feature() >= 21).as("virtual threads (Java 21+)").isTrue();
		WaiterContexts.runner()
			.withBean(RequestHandler.class)
			.withPropertyValues("waiter.handler-model=request", "waiter.threads.virtual=true")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				try (Socket client = Clients.connect(server.getPort())) {
					assertThat(Clients.exchangeOn(client, "one")).isEqualTo("echo:one");
					assertThat(Clients.exchangeOn(client, "two")).isEqualTo("echo:two");
				}
				assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
					.isEqualTo(WaiterOutcome.COMPLETED);
				assertThat(context.getBean(EventRecorder.class).all(WaiterRequestEvent.class))
					.allMatch((event) -> event.getConnection().id() > 0);
			});
	}

	@Test
	void inTheConnectionModelTheRequestTimeoutCutsOffATricklingRequestButNotAnIdleWait() {
		WaiterContexts.runner()
			.withPropertyValues("waiter.request-timeout=400ms", "waiter.read-timeout=5s", "waiter.threads.virtual=false")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				EventRecorder recorder = context.getBean(EventRecorder.class);
				context.getBean(dev.waiter.support.TestHandler.class).set((connection) -> {
					for (String line; (line = connection.readLine(1024)) != null;) {
						connection.writer().println("echo:" + line);
					}
				});
				try (Socket idle = Clients.connect(server.getPort()); Socket trickling = Clients.connect(server.getPort())) {
					assertThat(Clients.exchangeOn(idle, "one")).isEqualTo("echo:one");
					Clients.trickleUntil(trickling, () -> !recorder.all(WaiterWorkerExitedEvent.class).isEmpty());
					assertThat(recorder.awaitExited(1)).extracting(WaiterWorkerExitedEvent::getOutcome)
						.containsExactly(WaiterOutcome.TIMEOUT);
					assertThat(Clients.exchangeOn(idle, "still there")).isEqualTo("echo:still there");
				}
			});
	}

}
