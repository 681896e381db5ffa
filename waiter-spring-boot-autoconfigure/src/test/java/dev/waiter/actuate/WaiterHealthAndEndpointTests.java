package dev.waiter.actuate;

import java.io.BufferedReader;
import java.net.Socket;
import java.time.Duration;

import dev.waiter.Waiter;
import dev.waiter.WaiterMode;
import dev.waiter.WaiterOutcome;
import dev.waiter.WaiterSignal;
import dev.waiter.WaiterState;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterSignalEvent;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class WaiterHealthAndEndpointTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class,
				WaiterHealthContributorAutoConfiguration.class, WaiterEndpointAutoConfiguration.class))
		.withBean(EventRecorder.class)
		.withBean(TestHandler.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1",
				"management.endpoints.web.exposure.include=waiter");

	@Test
	void theEndpointAndHealthShowRefusalsByReasonAndTheLastAcceptFailure() {
		this.contextRunner.withPropertyValues("waiter.deny=127.0.0.1/32").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			assertThat(Clients.exchange(waiter.getPort(), "x")).isEmpty();
			assertThat(Clients.exchange(waiter.getPort(), "y")).isEmpty();
			WaiterEndpoint.ServerDescriptor server = context.getBean(WaiterEndpoint.class).server();
			assertThat(server.rejected()).containsExactly(java.util.Map.entry("denied", 2L));
			assertThat(server.lastAcceptFailure()).isNull();
			waiter.getServerSocket().close();
			await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getLastAcceptFailure() != null);
			dev.waiter.WaiterAcceptFailure failure = context.getBean(WaiterEndpoint.class).server().lastAcceptFailure();
			assertThat(failure.count()).isEqualTo(1);
			assertThat(failure.error()).contains("SocketException");
			Health health = context.getBean(WaiterHealthIndicator.class).health();
			assertThat(health.getDetails()).containsEntry("rejected", java.util.Map.of("denied", 2L))
				.containsEntry("lastAcceptFailure", failure);
		});
	}

	@Test
	void theStartUpLineNamesTheModeThreadsTlsAndLimitsInForce(
			org.springframework.boot.test.system.CapturedOutput output) {
		this.contextRunner.withPropertyValues("waiter.max-connections=77", "waiter.write-timeout=3s")
			.run((context) -> assertThat(output).containsPattern(
					"Waiter listening on 127\\.0\\.0\\.1:\\d+ \\(mode fork, (platform|virtual) threads, plain, "
							+ "max-connections 77, read-timeout none, write-timeout 3000ms, frames up to 65536 bytes, "
							+ "shutdown graceful\\)"));
	}

	@Test
	void healthIsUpWhileListeningWithItsDetailsAndDownOnceTheMainLoopIsBroken() {
		this.contextRunner.run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			WaiterHealthIndicator indicator = context.getBean(WaiterHealthIndicator.class);
			Health up = indicator.health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("port", waiter.getPort())
				.containsEntry("address", "127.0.0.1")
				.containsEntry("mode", WaiterMode.FORK)
				.containsEntry("ssl", false)
				.containsEntry("activeConnections", 0)
				.containsEntry("state", WaiterState.LISTENING);
			waiter.breakMainLoop();
			Health down = indicator.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("state", WaiterState.BROKEN);
		});
	}

	@Test
	void healthIsDownWhenTheServerIsStoppedAndAfterAFailedStart() {
		this.contextRunner.run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			WaiterHealthIndicator indicator = context.getBean(WaiterHealthIndicator.class);
			int port = server.getPort();
			server.stop();
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				server.getSettings().setPort(taken.getLocalPort());
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(server::start);
			}
			Health failed = indicator.health();
			assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
			assertThat(failed.getDetails()).containsEntry("state", WaiterState.FAILED);
			assertThat(port).isPositive();
		});
	}

	@Test
	void theEndpointListsAHeldConnectionAndClosesItById() {
		this.contextRunner.run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			WaiterEndpoint endpoint = context.getBean(WaiterEndpoint.class);
			context.getBean(TestHandler.class).set((connection) -> {
				connection.readLine(100);
				connection.writer().println("held");
				connection.reader().read();
			});
			try (Socket client = Clients.connect(waiter.getPort())) {
				Clients.writer(client).println("hi");
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("held");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> endpoint.server().connections().stream().allMatch((c) -> c.bytesSent() == 5));
				WaiterEndpoint.ServerDescriptor server = endpoint.server();
				assertThat(server.state()).isEqualTo(WaiterState.LISTENING);
				assertThat(server.port()).isEqualTo(waiter.getPort());
				assertThat(server.activeConnections()).isOne();
				assertThat(server.connections()).singleElement().satisfies((connection) -> {
					assertThat(connection.peer()).isEqualTo("127.0.0.1:" + client.getLocalPort());
					assertThat(connection.bytesReceived()).isEqualTo(3);
					assertThat(connection.bytesSent()).isEqualTo(5);
					assertThat(connection.requests()).as("no requests in the connection model").isZero();
				});
				long id = server.connections().get(0).id();
				assertThat(endpoint.close(id)).isNotNull();
				assertThat(reader.readLine()).isNull();
				assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
					.isEqualTo(WaiterOutcome.CLOSED);
				assertThat(endpoint.close(id)).isNull();
			}
		});
	}

	@Test
	void theEndpointDeliversSignalsAndBreaksTheMainLoop() {
		this.contextRunner.run((context) -> {
			WaiterEndpoint endpoint = context.getBean(WaiterEndpoint.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			endpoint.act("usr2");
			assertThat(recorder.all(WaiterSignalEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getSignal()).isEqualTo(WaiterSignal.USR2));
			assertThatExceptionOfType(InvalidEndpointRequestException.class).isThrownBy(() -> endpoint.act("kill"));
			assertThat(endpoint.act("break-main-loop").state()).isEqualTo(WaiterState.BROKEN);
			await().atMost(Duration.ofSeconds(5)).until(() -> !context.getBean(Waiter.class).isListening());
		});
	}

}
