package dev.waiter.actuate;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.WaiterState;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestCertificates.Issued;
import dev.waiter.support.TestHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WaiterMetricsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, WaiterAutoConfiguration.class,
				WaiterMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(EventRecorder.class)
		.withBean(TestHandler.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1", "waiter.name=edge");

	@Test
	void afterTenClientsTheCountersTheTimerAndTheByteCountsMatchWhatTheClientsDid() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = context.getBean(Waiter.class).getPort();
			long sent = 0;
			long received = 0;
			for (int i = 0; i < 10; i++) {
				String line = "client number " + i;
				String reply = Clients.exchange(port, line);
				assertThat(reply).isEqualTo("echo:" + line + "\n");
				sent += line.length() + 1;
				received += reply.length();
			}
			context.getBean(EventRecorder.class).awaitExited(10);
			assertThat(registry.get(WaiterMeters.ACCEPTED).tag("server", "edge").counter().count()).isEqualTo(10);
			Timer timer = registry.get(WaiterMeters.DURATION).tag("server", "edge").timer();
			assertThat(timer.count()).isEqualTo(10);
			assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
			assertThat(registry.get(WaiterMeters.BYTES_RECEIVED).counter().count()).isEqualTo(sent);
			assertThat(registry.get(WaiterMeters.BYTES_SENT).counter().count()).isEqualTo(received);
			assertThat(registry.get(WaiterMeters.PROCESS_ERRORS).counter().count()).isZero();
			assertThat(registry.get(WaiterMeters.REJECTED).tag("reason", "max-connections").counter().count()).isZero();
			assertThat(registry.get(WaiterMeters.REJECTED).tag("reason", "connection-rate").counter().count()).isZero();
		});
	}

	@Test
	void aListenerThatThrowsRaisesProcessErrors() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set((connection) -> {
				throw new IllegalStateException("bug");
			});
			Clients.exchange(context.getBean(Waiter.class).getPort(), "x");
			context.getBean(EventRecorder.class).awaitExited(1);
			assertThat(context.getBean(MeterRegistry.class).get(WaiterMeters.PROCESS_ERRORS).counter().count())
				.isEqualTo(1);
		});
	}

	@Test
	void aClientThatResetsWhileItsReplyIsWrittenCountsAsAnIoErrorNotAsAProcessError() {
		this.contextRunner.run((context) -> {
			java.util.concurrent.CountDownLatch clientGone = new java.util.concurrent.CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				clientGone.await(10, java.util.concurrent.TimeUnit.SECONDS);
				byte[] chunk = new byte[64 * 1024];
				for (int i = 0; i < 1000; i++) {
					connection.output().write(chunk);
				}
			});
			Socket client = Clients.connect(context.getBean(Waiter.class).getPort());
			client.setSoLinger(true, 0);
			client.close();
			clientGone.countDown();
			context.getBean(EventRecorder.class).awaitExited(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(WaiterMeters.IO_ERRORS).counter().count()).isEqualTo(1);
			assertThat(registry.get(WaiterMeters.PROCESS_ERRORS).counter().count()).isZero();
		});
	}

	@Test
	void theActiveGaugeCountsAHeldClientAndReturnsToZero() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(TestHandler.class).set((connection) -> {
				connection.writer().println("held");
				connection.reader().read();
			});
			try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("held");
				assertThat(registry.get(WaiterMeters.ACTIVE).gauge().value()).isEqualTo(1);
				assertThat(registry.get(WaiterMeters.WORKERS).gauge().value()).isEqualTo(1);
				assertThat(registry.get(WaiterMeters.WORKERS_BUSY).gauge().value()).isEqualTo(1);
			}
			context.getBean(EventRecorder.class).awaitExited(1);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get(WaiterMeters.ACTIVE).gauge().value() == 0);
		});
	}

	@Test
	void aClientOverMaxConnectionsRaisesRejectedWithItsReason() {
		this.contextRunner.withPropertyValues("waiter.max-connections=1").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Waiter waiter = context.getBean(Waiter.class);
			context.getBean(TestHandler.class).set((connection) -> connection.reader().read());
			try (Socket held = Clients.connect(waiter.getPort())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getActiveConnections() == 1);
				try (Socket refused = Clients.connect(waiter.getPort())) {
					assertThat(refused.getInputStream().read()).isEqualTo(-1);
				}
				assertThat(registry.get(WaiterMeters.REJECTED).tag("reason", "max-connections").counter().count())
					.isEqualTo(1);
			}
		});
	}

	@Test
	void aListenSocketClosedUnderTheRunningServerRaisesAcceptErrors() {
		this.contextRunner.run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			waiter.getServerSocket().close();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get(WaiterMeters.ACCEPT_ERRORS).counter().count() == 1);
			assertThat(waiter.getState()).isEqualTo(WaiterState.BROKEN);
		});
	}

	@Test
	void aPlainTextClientOnATlsPortRaisesSslErrors() {
		Issued certificate = TestCertificates.newAuthority("metrics CA").issue("127.0.0.1");
		this.contextRunner
			.withPropertyValues("waiter.ssl.certificate=" + certificate.certificatePem(),
					"waiter.ssl.certificate-private-key=" + certificate.keyPem())
			.run((context) -> {
				try (Socket plain = Clients.connect(context.getBean(Waiter.class).getPort())) {
					plain.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					plain.getInputStream().readAllBytes();
				}
				catch (IOException ex) {
					// a reset is the server's answer to a plain client
				}
				context.getBean(EventRecorder.class).awaitExited(1);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(WaiterMeters.SSL_ERRORS).counter().count()).isEqualTo(1);
				assertThat(registry.get(WaiterMeters.PROCESS_ERRORS).counter().count()).isZero();
			});
	}

	@Test
	void aStopDoesNotCountAsAnAcceptError() {
		this.contextRunner.run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			waiter.breakMainLoop();
			assertThat(waiter.getState()).isEqualTo(WaiterState.BROKEN);
			// the acceptor has seen its socket close and left its loop
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch((thread) -> thread.getName().equals("waiter-acceptor")));
			assertThat(context.getBean(MeterRegistry.class).get(WaiterMeters.ACCEPT_ERRORS).counter().count()).isZero();
			assertThat(context.getBean(EventRecorder.class).all(dev.waiter.event.WaiterAcceptErrorEvent.class)).isEmpty();
		});
	}

	@Test
	void everyMeterHasADescriptionAndTheServerTag() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.getMeters().stream().filter((meter) -> meter.getId().getName().startsWith("waiter.")))
				.extracting((meter) -> meter.getId().getName())
				.contains(WaiterMeters.ACCEPTED, WaiterMeters.REJECTED, WaiterMeters.ACTIVE, WaiterMeters.DURATION,
						WaiterMeters.ACCEPT_ERRORS, WaiterMeters.SSL_ERRORS, WaiterMeters.PROCESS_ERRORS,
						WaiterMeters.BYTES_RECEIVED, WaiterMeters.BYTES_SENT, WaiterMeters.WORKERS,
						WaiterMeters.WORKERS_BUSY);
			assertThat(registry.getMeters().stream().filter((meter) -> meter.getId().getName().startsWith("waiter.")))
				.allSatisfy((meter) -> {
					assertThat(meter.getId().getDescription()).isNotBlank();
					assertThat(meter.getId().getTag("server")).isEqualTo("edge");
				});
			assertThat(registry.get(WaiterMeters.BYTES_SENT).counter().getId().getBaseUnit()).isEqualTo("bytes");
		});
	}

}
