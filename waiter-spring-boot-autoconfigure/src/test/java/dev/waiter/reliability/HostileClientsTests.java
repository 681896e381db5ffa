package dev.waiter.reliability;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.support.TestHandler;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HostileClientsTests {

	private static final int IDLE = 300;

	private static final int RESETTING = 200;

	private static final int ORDINARY = 5000;

	@ParameterizedTest(name = "on {0} threads")
	@ValueSource(strings = { "platform", "virtual" })
	void idleAndResettingClientsDoNotStopOrdinaryOnesAndEveryDescriptorAndThreadIsGivenBack(String kind) {
		boolean virtual = kind.equals("virtual");
		Assumptions.assumeTrue(!virtual || Runtime.version().feature() >= 21,
				"virtual threads need Java 21+; this JVM is " + Runtime.version().feature());
		Reliability.contextRunner()
			.withPropertyValues("waiter.max-connections=2000", "waiter.threads.virtual=" + virtual)
			.run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			Set<Thread> serving = ConcurrentHashMap.newKeySet();
			context.getBean(TestHandler.class).set((connection) -> {
				serving.add(Thread.currentThread());
				TestHandler.echoOneLine(connection);
			});
			int port = waiter.getPort();
			int descriptorsBefore = Reliability.openFileDescriptors();
			int threadsBefore = Reliability.liveThreads();
			List<Socket> idle = new ArrayList<>();
			ExecutorService clients = Executors.newFixedThreadPool(64);
			try {
				for (int i = 0; i < IDLE; i++) {
					idle.add(Clients.connect(port));
				}
				for (int i = 0; i < RESETTING; i++) {
					Socket socket = Clients.connect(port);
					socket.getOutputStream().write("half a li".getBytes());
					socket.setSoLinger(true, 0);
					socket.close();
				}
				List<Future<String>> replies = new ArrayList<>();
				for (int i = 0; i < ORDINARY; i++) {
					String line = "ordinary " + i;
					replies.add(clients.submit(() -> exchange(port, line)));
				}
				for (int i = 0; i < ORDINARY; i++) {
					assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("echo:ordinary " + i);
				}
			}
			finally {
				clients.shutdownNow();
				idle.forEach(Clients::close);
			}
			recorder.awaitExited(IDLE + RESETTING + ORDINARY);
			await().atMost(Duration.ofSeconds(30)).until(() -> waiter.getActiveConnections() == 0);
			assertThat(waiter.connections()).isEmpty();
			assertThat(serving).allSatisfy((thread) -> assertThat(thread.toString().startsWith("VirtualThread"))
				.isEqualTo(virtual));
			if (virtual) {
				// virtual threads are invisible to the thread count: each must have ended, and
				// the carriers (platform threads, counted below) must not have piled up
				await().atMost(Duration.ofSeconds(30)).until(() -> serving.stream().noneMatch(Thread::isAlive));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Reliability.openFileDescriptors() <= descriptorsBefore + 10
						&& Reliability.liveThreads() <= threadsBefore + 10);
			assertThat(waiter.isListening()).isTrue();
			});
	}

	private static String exchange(int port, String line) throws Exception {
		try (Socket socket = Clients.connect(port)) {
			PrintWriter writer = Clients.writer(socket);
			writer.println(line);
			BufferedReader reader = Clients.reader(socket);
			return reader.readLine();
		}
	}

}
