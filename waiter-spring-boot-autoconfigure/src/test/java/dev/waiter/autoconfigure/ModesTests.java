package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.waiter.Waiter;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterIdleEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.EventRecorder.Recorded;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ModesTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner();

	@Test
	void preforkStartsItsMinimumWorkersBeforeTheFirstClient() {
		this.contextRunner.withPropertyValues("waiter.mode=prefork", "waiter.prefork.min=3").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> recorder.all(WaiterWorkerStartedEvent.class).size() == 3);
			assertThat(waiter.getWorkerCount()).isEqualTo(3);
			assertThat(waiter.getBusyWorkerCount()).isZero();
			assertThat(recorder.all(WaiterWorkerStartedEvent.class))
				.allSatisfy((started) -> assertThat(started.getConnection()).isNull());
			assertThat(Clients.exchange(waiter.getPort(), "first")).isEqualTo("echo:first\n");
			List<Recorded> events = recorder.forConnection(recorder.awaitExited(1).get(0).getConnection().id());
			assertThat(events).extracting(Recorded::type)
				.containsExactly(WaiterAcceptedEvent.class, WaiterProcessEvent.class,
						dev.waiter.event.WaiterClosingEvent.class, WaiterWorkerExitedEvent.class);
			assertThat(events).extracting(Recorded::threadName).allSatisfy((name) -> assertThat(name).startsWith("waiter-worker-"));
			assertThat(events.stream().map(Recorded::threadName).distinct()).hasSize(1);
		});
	}

	@Test
	void preforkGrowsUnderConcurrentSlowClientsNeverBeyondMaxAndShrinksBackToMinWhenIdle() {
		this.contextRunner
			.withPropertyValues("waiter.mode=prefork", "waiter.prefork.min=2", "waiter.prefork.max=16",
					"waiter.prefork.idle-timeout=300ms", "waiter.accept-timeout=100ms")
			.run((context) -> {
				Waiter waiter = context.getBean(Waiter.class);
				EventRecorder recorder = context.getBean(EventRecorder.class);
				AtomicInteger mostWorkers = new AtomicInteger();
				CountDownLatch release = new CountDownLatch(1);
				context.getBean(TestHandler.class).set((connection) -> {
					mostWorkers.accumulateAndGet(livePoolWorkers(), Math::max);
					release.await(30, TimeUnit.SECONDS);
					TestHandler.echoOneLine(connection);
				});
				int clients = 64;
				List<Socket> sockets = new ArrayList<>();
				try {
					for (int i = 0; i < clients; i++) {
						sockets.add(Clients.connect(waiter.getPort()));
					}
					await().atMost(Duration.ofSeconds(20)).until(() -> waiter.getBusyWorkerCount() == 16);
					assertThat(waiter.getWorkerCount()).isEqualTo(16);
					assertThat(livePoolWorkers()).isEqualTo(16);
					release.countDown();
					for (int i = 0; i < clients; i++) {
						Clients.writer(sockets.get(i)).println("slow " + i);
						assertThat(Clients.reader(sockets.get(i)).readLine()).isEqualTo("echo:slow " + i);
					}
				}
				finally {
					sockets.forEach(Clients::close);
				}
				List<WaiterWorkerExitedEvent> exited = recorder.awaitExited(clients);
				assertThat(exited.stream().map((event) -> event.getConnection().id()).distinct()).hasSize(clients);
				assertThat(mostWorkers.get()).isLessThanOrEqualTo(16);
				await().atMost(Duration.ofSeconds(30)).until(() -> waiter.getWorkerCount() == 2);
				assertThat(recorder.all(WaiterWorkerExitedEvent.class).stream().filter(WaiterWorkerExitedEvent::isPoolWorker))
					.hasSize(14);
				assertThat(recorder.all(WaiterIdleEvent.class)).allSatisfy((idle) -> assertThat(idle.getWorkerName()).startsWith("waiter-worker-"));
				long idleEventsNow = recorder.all(WaiterIdleEvent.class).size();
				await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterIdleEvent.class).size() >= idleEventsNow + 4);
				assertThat(waiter.getWorkerCount()).isEqualTo(2);
			});
	}

	/** The pool's threads that are alive now, counted by the JVM rather than by the pool. */
	private static int livePoolWorkers() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("waiter-worker-"))
			.count();
	}

	@Test
	void noforkServesClientsStrictlyOneAfterAnotherInAcceptOrder() {
		this.contextRunner.withPropertyValues("waiter.mode=nofork").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			List<Long> served = new CopyOnWriteArrayList<>();
			AtomicInteger concurrent = new AtomicInteger();
			AtomicInteger mostConcurrent = new AtomicInteger();
			context.getBean(TestHandler.class).set((connection) -> {
				mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
				assertThat(waiter.isChild()).isTrue();
				assertThat(Thread.currentThread().getName()).isEqualTo("waiter-acceptor");
				served.add(connection.id());
				TestHandler.echoOneLine(connection);
				concurrent.decrementAndGet();
			});
			int clients = 20;
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < clients; i++) {
					Socket socket = Clients.connect(waiter.getPort());
					Clients.writer(socket).println("n" + i);
					sockets.add(socket);
				}
				for (int i = 0; i < clients; i++) {
					BufferedReader reader = Clients.reader(sockets.get(i));
					assertThat(reader.readLine()).isEqualTo("echo:n" + i);
				}
			}
			finally {
				sockets.forEach(Clients::close);
			}
			recorder.awaitExited(clients);
			assertThat(mostConcurrent.get()).isOne();
			assertThat(served).hasSize(clients).isSorted();
			assertThat(recorder.all(WaiterAcceptedEvent.class)).extracting((event) -> event.getConnection().id())
				.containsExactlyElementsOf(served);
			assertThat(waiter.getWorkerCount()).isOne();
		});
	}

}
