package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.WaiterOutcome;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulStopTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner();

	@Test
	void aClientMidConversationGetsItsWholeReplyWhileNewClientsAreRefusedAndThePortIsFreeAfterwards() {
		this.contextRunner.run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch release = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				connection.writer().println("part 1");
				release.await(20, TimeUnit.SECONDS);
				connection.writer().println("part 2");
				connection.writer().println("part 3");
			});
			int port = server.getPort();
			CountDownLatch stopped = new CountDownLatch(1);
			try (Socket client = Clients.connect(port)) {
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("part 1");
				server.stop(stopped::countDown);
				assertThat(Clients.accepts(port)).isFalse();
				assertThat(stopped.getCount()).isOne();
				release.countDown();
				assertThat(reader.readLine()).isEqualTo("part 2");
				assertThat(reader.readLine()).isEqualTo("part 3");
				assertThat(reader.readLine()).isNull();
			}
			assertThat(stopped.await(20, TimeUnit.SECONDS)).isTrue();
			assertThat(server.isRunning()).isFalse();
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.COMPLETED);
			try (ServerSocket rebind = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				assertThat(rebind.getLocalPort()).isEqualTo(port);
			}
		});
	}

	@Test
	void aStoppedServerStartsAgainAndServesClients() {
		this.contextRunner.run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			int firstPort = server.getPort();
			assertThat(Clients.exchange(firstPort, "one")).isEqualTo("echo:one\n");
			server.stop();
			assertThat(server.isRunning()).isFalse();
			assertThat(server.getPort()).isEqualTo(-1);
			assertThat(Clients.accepts(firstPort)).isFalse();
			server.start();
			assertThat(server.isRunning()).isTrue();
			assertThat(Clients.exchange(server.getPort(), "two")).isEqualTo("echo:two\n");
			assertThat(context.getEnvironment().getProperty("local.waiter.port", Integer.class))
				.isEqualTo(server.getPort());
		});
	}

	@Test
	void immediateShutdownClosesLiveConnectionsAtOnce() {
		this.contextRunner.withPropertyValues("waiter.shutdown=immediate").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch inProcess = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				inProcess.countDown();
				connection.reader().read();
			});
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(inProcess.await(10, TimeUnit.SECONDS)).isTrue();
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				assertThat(stopped.getCount()).isZero();
				assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
					.isEqualTo(WaiterOutcome.SHUTDOWN);
				assertThat(readOrReset(client)).isEqualTo(-1);
			}
		});
	}

	@Test
	void breakMainLoopStopsAcceptingButLetsLiveConnectionsFinish() {
		this.contextRunner.run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch release = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				connection.writer().println("before");
				release.await(20, TimeUnit.SECONDS);
				connection.writer().println("after");
			});
			int port = server.getPort();
			try (Socket client = Clients.connect(port)) {
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("before");
				server.breakMainLoop();
				assertThat(server.isListening()).isFalse();
				assertThat(server.isRunning()).isTrue();
				await().atMost(Duration.ofSeconds(10)).until(() -> !Clients.accepts(port));
				release.countDown();
				assertThat(reader.readLine()).isEqualTo("after");
			}
		});
	}

	/**
	 * Reads one byte: -1 at the end of the stream or on a reset (both mean the server
	 * closed); a read timeout is not swallowed, so a connection left open fails the test.
	 */
	private static int readOrReset(Socket client) throws IOException {
		try {
			return client.getInputStream().read();
		}
		catch (SocketException ex) {
			return -1;
		}
	}

}
