package dev.waiter.reliability;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterIdleEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.SlowReader;
import dev.waiter.support.Stops;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The defects a review of the server found, each as the failure a user would see.
 */
class CoreEdgeCasesTests {

	@Test
	void aPreforkPoolAtItsMinimumKeepsAcceptingWhileItsOnlyWorkerServesALongClient() throws Exception {
		Reliability.contextRunner()
			.withPropertyValues("waiter.mode=prefork", "waiter.prefork.min=1", "waiter.prefork.max=4",
					"waiter.prefork.idle-timeout=200ms", "waiter.accept-timeout=50ms")
			.run((context) -> {
				Waiter waiter = context.getBean(Waiter.class);
				EventRecorder recorder = context.getBean(EventRecorder.class);
				CountDownLatch release = new CountDownLatch(1);
				context.getBean(TestHandler.class).set((connection) -> {
					String line = connection.readLine(100);
					if ("hold".equals(line)) {
						release.await(30, TimeUnit.SECONDS);
					}
					connection.writer().println("echo:" + line);
				});
				try (Socket held = Clients.connect(waiter.getPort())) {
					Clients.writer(held).println("hold");
					await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getBusyWorkerCount() == 1);
					// a worker has been idle for the idle timeout: the point where one retires
					await().atMost(Duration.ofSeconds(10))
						.until(() -> recorder.all(WaiterIdleEvent.class)
							.stream()
							.anyMatch((idle) -> idle.getIdleTime().compareTo(Duration.ofMillis(200)) >= 0));
					try (Socket next = Clients.connect(waiter.getPort())) {
						next.setSoTimeout(4000);
						Clients.writer(next).println("next");
						assertThat(Clients.reader(next).readLine()).isEqualTo("echo:next");
					}
				}
				finally {
					release.countDown();
				}
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "fork", "nofork", "prefork" })
	void anErrorThrownByAnIdleListenerNeverEndsTheAcceptingThreads(String mode) {
		Reliability.contextRunner()
			.withBean(ThrowingIdleListener.class)
			.withPropertyValues("waiter.mode=" + mode, "waiter.prefork.min=1", "waiter.prefork.max=2",
					"waiter.accept-timeout=20ms")
			.run((context) -> {
				ThrowingIdleListener listener = context.getBean(ThrowingIdleListener.class);
				int port = context.getBean(Waiter.class).getPort();
				assertThat(listener.thrown.await(10, TimeUnit.SECONDS)).isTrue();
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.count >= 5);
				assertThat(Clients.exchange(port, "still here")).isEqualTo("echo:still here\n");
			});
	}

	@Test
	void anErrorThrownByAnExitListenerInNoforkModeLeavesTheServerServing() {
		Reliability.contextRunner()
			.withBean(ThrowingExitListener.class)
			.withPropertyValues("waiter.mode=nofork")
			.run((context) -> {
				int port = context.getBean(Waiter.class).getPort();
				assertThat(Clients.exchange(port, "one")).isEqualTo("echo:one\n");
				assertThat(Clients.exchange(port, "two")).isEqualTo("echo:two\n");
				assertThat(context.getBean(ThrowingExitListener.class).count).isGreaterThanOrEqualTo(1);
			});
	}

	@Test
	void aClientThatStopsReadingIsCutOffByTheWriteTimeoutWithOutcomeTimeout() {
		Reliability.contextRunner().withPropertyValues("waiter.write-timeout=300ms").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			context.getBean(TestHandler.class).set((connection) -> {
				byte[] chunk = new byte[64 * 1024];
				for (int i = 0; i < 100_000; i++) {
					connection.output().write(chunk);
				}
			});
			try (Socket client = Clients.connect(waiter.getPort())) {
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
				assertThat(waiter.getActiveConnections()).isZero();
			}
			context.getBean(TestHandler.class).set(TestHandler::echoOneLine);
			assertThat(Clients.exchange(waiter.getPort(), "next")).isEqualTo("echo:next\n");
		});
	}

	@Test
	void aClientThatSendsHalfALineAndFallsSilentIsEndedByTheReadTimeoutWithItsEvents() {
		Reliability.contextRunner().withPropertyValues("waiter.read-timeout=300ms").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			try (Socket client = Clients.connect(waiter.getPort())) {
				client.getOutputStream().write("half a li".getBytes(StandardCharsets.US_ASCII));
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
				assertThat(exited.getError()).isInstanceOf(java.net.SocketTimeoutException.class);
				assertThat(exited.getBytesReceived()).isEqualTo(9);
			}
			assertThat(Clients.exchange(waiter.getPort(), "next")).isEqualTo("echo:next\n");
		});
	}

	@Test
	void aSlowButReadingClientIsNotCutOffByTheWriteTimeout() {
		Reliability.contextRunner().withPropertyValues("waiter.write-timeout=1s").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			byte[] reply = new byte[8 * 1024 * 1024];
			context.getBean(TestHandler.class).set((connection) -> connection.output().write(reply));
			// about 1.3 MB/s: the one 8 MiB write takes several seconds, and no part of it stalls
			try (Socket client = SlowReader.connect(waiter.getPort())) {
				assertThat(SlowReader.read(client, reply.length + 1L)).isEqualTo(reply.length);
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.COMPLETED);
		});
	}

	@Test
	void aReplyIsDeliveredWholeWhenTheClientSentMoreThanTheHandlerRead() {
		Reliability.contextRunner().run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			byte[] reply = new byte[4 * 1024 * 1024];
			context.getBean(TestHandler.class).set((connection) -> {
				connection.readLine(100);
				connection.output().write(reply);
			});
			try (Socket client = Clients.connect(waiter.getPort())) {
				OutputStream out = client.getOutputStream();
				out.write("request\n".getBytes(StandardCharsets.US_ASCII));
				out.write(new byte[64 * 1024]);
				out.flush();
				InputStream in = client.getInputStream();
				long received = 0;
				byte[] buffer = new byte[64 * 1024];
				for (int n; (n = in.read(buffer)) != -1;) {
					received += n;
				}
				assertThat(received).isEqualTo(reply.length);
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.COMPLETED);
		});
	}

	@Test
	void aGracefulStopWithAHandlerThatIgnoresTheCloseEndsWithinTheShutdownPhaseTimeout() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s").run((context) -> {
			Duration stop = stopWithAHandlerThatIgnoresTheClose(context, Stops::gracefully);
			assertThat(stop).isLessThan(Duration.ofMillis(1500));
		});
	}

	@Test
	void anImmediateStopWithAHandlerThatIgnoresTheCloseEndsWithinTheShutdownPhaseTimeout() {
		Reliability.contextRunner()
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s", "waiter.shutdown=immediate")
			.run((context) -> {
				Duration stop = stopWithAHandlerThatIgnoresTheClose(context, (server) -> {
					long started = System.nanoTime();
					server.stop();
					return Duration.ofNanos(System.nanoTime() - started);
				});
				assertThat(stop).isLessThan(Duration.ofMillis(1500));
			});
	}

	/** A way to stop the server that says how long it took. */
	@FunctionalInterface
	private interface TimedStop {

		Duration stop(WaiterServer server) throws Exception;

	}

	/**
	 * Stops the server while its one client's handler waits on a latch instead of its
	 * socket, so it never sees the close; the handler is let go afterwards.
	 * @return how long the stop took
	 */
	private static Duration stopWithAHandlerThatIgnoresTheClose(ApplicationContext context, TimedStop timedStop)
			throws Exception {
		WaiterServer server = context.getBean(WaiterServer.class);
		CountDownLatch stuck = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		context.getBean(TestHandler.class).set((connection) -> {
			stuck.countDown();
			release.await(30, TimeUnit.SECONDS);
		});
		try (Socket client = Clients.connect(server.getPort())) {
			assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
			return timedStop.stop(server);
		}
		finally {
			release.countDown();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "nofork", "prefork" })
	void theIdleTimeAfterServingAClientCountsFromTheEndOfServingNotFromTheAccept(String mode) {
		Reliability.contextRunner()
			.withPropertyValues("waiter.mode=" + mode, "waiter.prefork.min=1", "waiter.prefork.max=1",
					"waiter.accept-timeout=100ms")
			.run((context) -> {
				EventRecorder recorder = context.getBean(EventRecorder.class);
				Duration serving = Duration.ofMillis(1500);
				context.getBean(TestHandler.class).set((connection) -> {
					new CountDownLatch(1).await(serving.toMillis(), TimeUnit.MILLISECONDS);
					connection.writer().println("served");
				});
				try (Socket client = Clients.connect(context.getBean(Waiter.class).getPort())) {
					assertThat(Clients.reader(client).readLine()).isEqualTo("served");
				}
				recorder.awaitExited(1);
				recorder.clear();
				await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.all(WaiterIdleEvent.class).isEmpty());
				assertThat(recorder.all(WaiterIdleEvent.class).get(0).getIdleTime()).isLessThan(serving);
			});
	}

	/**
	 * Throws an AssertionError from every idle event, as a test listener might. An
	 * {@code ApplicationListener}, whose Error reaches the publisher as it is (an
	 * {@code @EventListener} method's would be wrapped in an UndeclaredThrowableException).
	 */
	static class ThrowingIdleListener implements ApplicationListener<WaiterIdleEvent> {

		final CountDownLatch thrown = new CountDownLatch(1);

		volatile int count;

		@Override
		public void onApplicationEvent(WaiterIdleEvent event) {
			this.count++;
			this.thrown.countDown();
			throw new AssertionError("idle listener failed");
		}

	}

	/** Throws an AssertionError from every exit event, as it is. */
	static class ThrowingExitListener implements ApplicationListener<WaiterWorkerExitedEvent> {

		volatile int count;

		@Override
		public void onApplicationEvent(WaiterWorkerExitedEvent event) {
			this.count++;
			throw new AssertionError("exit listener failed");
		}

	}

}
