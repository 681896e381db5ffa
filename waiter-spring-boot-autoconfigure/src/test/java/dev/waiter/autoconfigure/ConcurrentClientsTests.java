package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConcurrentClientsTests {

	private static final int CLIENTS = 1000;

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withPropertyValues("waiter.backlog=1024");

	@Test
	void athousandClientsConnectedAtOnceAreEachServedOnVirtualThreadsWhereTheJvmHasThem() {
		this.contextRunner.withPropertyValues("waiter.threads.virtual=true").run((context) -> {
			Set<Thread> threads = serveThousandConcurrentClients(context);
			boolean virtualExpected = Runtime.version().feature() >= 21;
			assertThat(threads).hasSize(CLIENTS)
				.allSatisfy((thread) -> assertThat(thread.toString().startsWith("VirtualThread")).isEqualTo(virtualExpected));
		});
	}

	@Test
	void athousandClientsConnectedAtOnceAreEachServedOnPlatformThreads() {
		this.contextRunner.withPropertyValues("waiter.threads.virtual=false").run((context) -> {
			Set<Thread> threads = serveThousandConcurrentClients(context);
			assertThat(threads).hasSize(CLIENTS)
				.noneSatisfy((thread) -> assertThat(thread.toString()).startsWith("VirtualThread"));
		});
	}

	/**
	 * Connects a thousand clients whose handlers all wait at one barrier before they echo,
	 * so every handler must be running at the same time (a smaller pool of threads would
	 * leave the barrier short and fail), and returns the threads that served them.
	 */
	private static Set<Thread> serveThousandConcurrentClients(ApplicationContext context) throws Exception {
		Waiter waiter = context.getBean(Waiter.class);
		EventRecorder recorder = context.getBean(EventRecorder.class);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		CyclicBarrier allRunning = new CyclicBarrier(CLIENTS);
		context.getBean(TestHandler.class).set((connection) -> {
			threads.add(Thread.currentThread());
			allRunning.await(60, TimeUnit.SECONDS);
			TestHandler.echoOneLine(connection);
		});
		List<Socket> sockets = new ArrayList<>(CLIENTS);
		try {
			for (int i = 0; i < CLIENTS; i++) {
				sockets.add(Clients.connect(waiter.getPort()));
			}
			for (int i = 0; i < CLIENTS; i++) {
				PrintWriter writer = Clients.writer(sockets.get(i));
				writer.print("client " + i + "\n");
				writer.flush();
			}
			for (int i = 0; i < CLIENTS; i++) {
				BufferedReader reader = Clients.reader(sockets.get(i));
				assertThat(reader.readLine()).isEqualTo("echo:client " + i);
			}
		}
		finally {
			sockets.forEach(Clients::close);
		}
		List<WaiterWorkerExitedEvent> exited = recorder.awaitExited(CLIENTS);
		assertThat(exited).hasSize(CLIENTS)
			.allSatisfy((event) -> assertThat(event.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED));
		await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getActiveConnections() == 0);
		return threads;
	}

}
