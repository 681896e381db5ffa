package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterIdleEvent;
import dev.waiter.event.WaiterListeningEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.event.WaiterStartingEvent;
import dev.waiter.event.WaiterStoppingEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.EventRecorder.Recorded;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WaiterEventsTests {

	private static final List<Class<?>> CONNECTION_EVENTS = List.of(WaiterAcceptedEvent.class,
			WaiterWorkerStartedEvent.class, WaiterProcessEvent.class, WaiterClosingEvent.class,
			WaiterWorkerExitedEvent.class);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
		.withUserConfiguration(Listeners.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@Test
	void aNormalClientSeesEveryConnectionEventInOrderEachOnItsDocumentedThread() {
		EventRecorder[] kept = new EventRecorder[1];
		String lifecycleThread = Thread.currentThread().getName();
		this.contextRunner.run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			kept[0] = recorder;
			int port = context.getBean(Waiter.class).getPort();
			assertThat(Clients.exchange(port, "hello")).isEqualTo("echo:hello\n");
			WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
			long id = exited.getConnection().id();
			List<Recorded> events = recorder.forConnection(id);
			assertThat(events).extracting(Recorded::type).containsExactlyElementsOf(CONNECTION_EVENTS);
			assertThat(events.get(0).threadName()).isEqualTo("waiter-acceptor");
			assertThat(events.get(0).child()).isFalse();
			String worker = "waiter-" + id;
			assertThat(events.subList(1, 5)).allSatisfy((recorded) -> {
				assertThat(recorded.threadName()).isEqualTo(worker);
				assertThat(recorded.child()).isTrue();
			});
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(exited.getError()).isNull();
			assertThat(exited.getWorkerName()).isEqualTo(worker);
			assertThat(exited.getBytesReceived()).isEqualTo("hello\n".length());
			assertThat(exited.getBytesSent()).isEqualTo("echo:hello\n".length());
			assertThat(exited.getConnection().isOpen()).isFalse();
		});
		List<Recorded> all = kept[0].all();
		assertThat(all.get(0).type()).isEqualTo(WaiterStartingEvent.class);
		assertThat(all.get(1).type()).isEqualTo(WaiterListeningEvent.class);
		assertThat(all.subList(0, 2)).allSatisfy((recorded) -> assertThat(recorded.threadName()).isEqualTo(lifecycleThread));
		Recorded last = all.get(all.size() - 1);
		assertThat(last.type()).isEqualTo(WaiterStoppingEvent.class);
		assertThat(last.threadName()).isEqualTo("waiter-shutdown");
		assertThat(((WaiterStoppingEvent) last.event()).isGraceful()).isTrue();
	}

	@Test
	void theConnectionThreadCarriesTheConnectionIdAndPeerInTheMdc() {
		this.contextRunner.run((context) -> {
			context.getBean(TestHandler.class).set((connection) -> {
				connection.readLine(100);
				connection.writer().println(MDC.get("waiter.connection") + " " + MDC.get("waiter.peer") + " "
						+ connection.id() + " " + connection.peerPort());
			});
			String[] reply = Clients.exchange(context.getBean(Waiter.class).getPort(), "mdc").trim().split(" ");
			assertThat(reply[0]).isEqualTo(reply[2]);
			assertThat(reply[1]).isEqualTo("127.0.0.1:" + reply[3]);
		});
	}

	@Test
	void aClientThatDisconnectsAtOnceStillGetsEveryEvent() {
		this.contextRunner.run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			Clients.connect(context.getBean(Waiter.class).getPort()).close();
			WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
			assertThat(recorder.typesForConnection(exited.getConnection().id())).containsExactlyElementsOf(CONNECTION_EVENTS);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(exited.getBytesReceived()).isZero();
		});
	}

	@Test
	void aListenerThatThrowsInProcessEndsOnlyItsConnectionAndTheNextClientIsServed() {
		this.contextRunner.run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			TestHandler handler = context.getBean(TestHandler.class);
			int port = context.getBean(Waiter.class).getPort();
			handler.set((connection) -> {
				throw new IllegalStateException("handler bug");
			});
			assertThat(Clients.exchange(port, "boom")).isEmpty();
			WaiterWorkerExitedEvent failed = recorder.awaitExited(1).get(0);
			assertThat(recorder.typesForConnection(failed.getConnection().id())).containsExactlyElementsOf(CONNECTION_EVENTS);
			assertThat(failed.getOutcome()).isEqualTo(WaiterOutcome.ERROR);
			assertThat(failed.getError()).isInstanceOf(IllegalStateException.class).hasMessage("handler bug");
			handler.set(TestHandler::echoOneLine);
			assertThat(Clients.exchange(port, "again")).isEqualTo("echo:again\n");
			assertThat(recorder.awaitExited(2).get(1).getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(context.getBean(Waiter.class).isListening()).isTrue();
		});
	}

	@Test
	void aClientOverMaxConnectionsIsRejectedOnTheAcceptorAndCanStillBeWrittenTo() {
		this.contextRunner.withPropertyValues("waiter.max-connections=1").run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			TestHandler handler = context.getBean(TestHandler.class);
			Waiter waiter = context.getBean(Waiter.class);
			CountDownLatch release = new CountDownLatch(1);
			handler.set((connection) -> release.await(30, TimeUnit.SECONDS));
			try (Socket held = Clients.connect(waiter.getPort())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getActiveConnections() == 1);
				try (Socket refused = Clients.connect(waiter.getPort())) {
					BufferedReader reader = Clients.reader(refused);
					assertThat(reader.readLine()).isEqualTo("busy");
					assertThat(reader.readLine()).isNull();
				}
				List<WaiterRejectedEvent> rejected = recorder.all(WaiterRejectedEvent.class);
				assertThat(rejected).singleElement()
					.satisfies((event) -> assertThat(event.getReason()).isEqualTo(WaiterRejectedEvent.MAX_CONNECTIONS));
				Recorded rejection = recorder.all().stream().filter((r) -> r.type() == WaiterRejectedEvent.class).findFirst().orElseThrow();
				assertThat(rejection.threadName()).isEqualTo("waiter-acceptor");
				assertThat(recorder.typesForConnection(rejection.connection().id())).containsExactly(WaiterRejectedEvent.class);
				release.countDown();
			}
			assertThat(recorder.awaitExited(1).get(0).getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
		});
	}

	@Test
	void anAcceptorWithoutClientsPublishesIdleEventsEveryAcceptTimeout() {
		this.contextRunner.withPropertyValues("waiter.accept-timeout=100ms").run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterIdleEvent.class).size() >= 2);
			WaiterIdleEvent first = recorder.all(WaiterIdleEvent.class).get(0);
			WaiterIdleEvent second = recorder.all(WaiterIdleEvent.class).get(1);
			assertThat(first.getWorkerName()).isNull();
			assertThat(first.getIdleTime()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(second.getIdleTime()).isGreaterThan(first.getIdleTime());
			assertThat(recorder.all().stream().filter((r) -> r.type() == WaiterIdleEvent.class))
				.allSatisfy((r) -> assertThat(r.threadName()).isEqualTo("waiter-acceptor"));
		});
	}

	@Test
	void stopPublishesTheStoppingEventLastAfterTheLiveConnectionsEnd() {
		EventRecorder[] kept = new EventRecorder[1];
		CountDownLatch inProcess = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=20s").run((context) -> {
			kept[0] = context.getBean(EventRecorder.class);
			Waiter waiter = context.getBean(Waiter.class);
			context.getBean(TestHandler.class).set((connection) -> {
				connection.writer().println("first");
				inProcess.countDown();
				release.await(20, TimeUnit.SECONDS);
				connection.writer().println("second");
			});
			try (Socket client = Clients.connect(waiter.getPort())) {
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("first");
				Thread closer = new Thread(context::close, "test-closer");
				closer.start();
				await().atMost(Duration.ofSeconds(10)).until(() -> !waiter.isListening());
				assertThat(kept[0].all(WaiterStoppingEvent.class)).isEmpty();
				release.countDown();
				assertThat(reader.readLine()).isEqualTo("second");
				closer.join(20_000);
				assertThat(closer.isAlive()).isFalse();
			}
		});
		List<Recorded> all = kept[0].all();
		assertThat(all.get(all.size() - 2).type()).isEqualTo(WaiterWorkerExitedEvent.class);
		assertThat(((WaiterWorkerExitedEvent) all.get(all.size() - 2).event()).getOutcome())
			.isEqualTo(WaiterOutcome.COMPLETED);
		assertThat(all.get(all.size() - 1).type()).isEqualTo(WaiterStoppingEvent.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		@Bean
		EventRecorder eventRecorder() {
			return new EventRecorder();
		}

		@Bean
		TestHandler testHandler() {
			return new TestHandler();
		}

		@Bean
		BusyReply busyReply() {
			return new BusyReply();
		}

	}

	static class BusyReply {

		@EventListener
		void onRejected(WaiterRejectedEvent event) {
			PrintWriter writer = event.getConnection().writer();
			writer.println("busy");
		}

	}

}
