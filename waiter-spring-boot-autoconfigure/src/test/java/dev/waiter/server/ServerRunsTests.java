package dev.waiter.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.WaiterMode;
import dev.waiter.event.WaiterEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.event.WaiterStoppingEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one run of a server owns and what it must finish before the next: its prefork
 * workers, its refused clients' replies, its connections. Each test drives a server
 * directly, its events recorded, on a free loopback port.
 */
class ServerRunsTests {

	private static final int ROUNDS = 20;

	/** Longer than the slow reader's receive window: part of it is still on the server when it closes. */
	private static final String BUSY = "busy: " + "the server is serving as many clients as it may. ".repeat(100)
			+ "\n";

	private final EventRecorder recorder = new EventRecorder();

	private final TestHandler handler = new TestHandler();

	private volatile boolean awaitRequestBeforeRefusing;

	@Test
	void everyPreforkWorkerStartedBeforeAStopHasExitedBeforeTheStoppingEvent() {
		for (boolean virtual : new boolean[] { false, true }) {
			for (int workers : new int[] { 1, 2, 8, 64 }) {
				for (int round = 0; round < 25; round++) {
					this.recorder.clear();
					WaiterServer server = server(settings().setMode(WaiterMode.PREFORK)
						.setVirtualThreads(virtual)
						.setPreforkMin(workers)
						.setPreforkMax(workers));
					server.start();
					server.stop();
					String what = workers + " workers" + (virtual ? " (virtual threads asked for)" : "") + ", round "
							+ round;
					assertThat(assertWorkerEventsPrecedeTheStoppingEvent(what))
						.as("%s: started before the stopping event", what)
						.hasSize(workers);
				}
			}
		}
	}

	@Test
	void aPreforkWorkerAddedByAGrowJustBeforeAStopHasExitedBeforeTheStoppingEvent() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			this.recorder.clear();
			CountDownLatch serving = new CountDownLatch(1);
			this.handler.set((connection) -> serving.countDown());
			WaiterServer server = server(settings().setMode(WaiterMode.PREFORK).setPreforkMin(1).setPreforkMax(8));
			server.start();
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(serving.await(10, TimeUnit.SECONDS)).isTrue();
				server.stop();
			}
			assertWorkerEventsPrecedeTheStoppingEvent("round " + round);
		}
	}

	/** @return the pool workers that started */
	private List<String> assertWorkerEventsPrecedeTheStoppingEvent(String round) {
		List<WaiterEvent> events = this.recorder.all().stream().map(EventRecorder.Recorded::event).toList();
		int stopping = indexOf(events, WaiterStoppingEvent.class);
		List<String> started = new ArrayList<>();
		List<String> exited = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			WaiterEvent event = events.get(i);
			if (event instanceof WaiterWorkerStartedEvent start && start.getConnection() == null) {
				assertThat(i).as("%s: %s started after the stopping event", round, start.getWorkerName())
					.isLessThan(stopping);
				started.add(start.getWorkerName());
			}
			if (event instanceof WaiterWorkerExitedEvent exit && exit.isPoolWorker()) {
				assertThat(i).as("%s: %s exited after the stopping event", round, exit.getWorkerName())
					.isLessThan(stopping);
				exited.add(exit.getWorkerName());
			}
		}
		assertThat(exited).as("%s: every started worker exited before the stopping event", round)
			.containsExactlyInAnyOrderElementsOf(started);
		return started;
	}

	private static int indexOf(List<WaiterEvent> events, Class<?> type) {
		for (int i = 0; i < events.size(); i++) {
			if (type.isInstance(events.get(i))) {
				return i;
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + events);
	}

	@Test
	void aRefusedClientThatSentARequestAtOnceAndReadsSlowlyReceivesTheWholeBusyReply() throws Exception {
		withOneClientServed((port) -> {
			try (Socket refused = new Socket()) {
				refused.setReceiveBufferSize(1024);
				refused.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
				refused.setSoTimeout(Clients.TIMEOUT_MILLIS);
				sendRequest(refused);
				return new String(refused.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			}
		});
	}

	@Test
	void aRefusedClientThatSentARequestAtOnceAndGoesOnSendingAfterTheBusyReplySeesItsEndAndNoReset()
			throws Exception {
		withOneClientServed((port) -> {
			try (Socket refused = Clients.connect(port)) {
				sendRequest(refused);
				BufferedReader reader = Clients.reader(refused);
				String busy = reader.readLine() + "\n";
				sendRequest(refused);
				assertThat(reader.read()).isEqualTo(-1);
				return busy;
			}
		});
	}

	private interface RefusedClient {

		/** @return what the refused client received */
		String exchange(int port) throws Exception;

	}

	/**
	 * With max-connections 1 and its one connection held, {@link #ROUNDS} clients are
	 * refused, each after its request arrived: a close without lingering then resets.
	 */
	private void withOneClientServed(RefusedClient client) throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.handler.set((connection) -> release.await(60, TimeUnit.SECONDS));
		this.awaitRequestBeforeRefusing = true;
		WaiterServer server = server(settings().setMaxConnections(1));
		server.start();
		try (Socket held = Clients.connect(server.getPort())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> server.getActiveConnections() == 1);
			for (int round = 0; round < ROUNDS; round++) {
				assertThat(client.exchange(server.getPort())).as("round %d", round).isEqualTo(BUSY);
			}
		}
		finally {
			release.countDown();
			server.stop();
		}
		assertThat(this.recorder.all(WaiterRejectedEvent.class)).hasSize(ROUNDS);
	}

	private static void sendRequest(Socket socket) throws IOException {
		byte[] request = new byte[8 * 1024];
		Arrays.fill(request, (byte) 'x');
		request[request.length - 1] = '\n';
		OutputStream out = socket.getOutputStream();
		out.write(request);
		out.flush();
	}

	@Test
	void connectionsThatOutlivedATimedOutStopAreNotCountedByTheNextRun() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch held = new CountDownLatch(2);
		this.handler.set((connection) -> {
			held.countDown();
			awaitIgnoringInterrupts(release);
		});
		WaiterServer server = server(settings().setMaxConnections(2)
			.setShutdown(WaiterShutdown.IMMEDIATE)
			.setShutdownTimeout(Duration.ofMillis(200)));
		try {
			server.start();
			Socket first = Clients.connect(server.getPort());
			Socket second = Clients.connect(server.getPort());
			try (first; second) {
				assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
				long outlived = server.connections().get(0).id();
				server.stop();
				assertThat(server.isRunning()).isFalse();
				assertThat(server.getActiveConnections()).as("shown until the next run").isEqualTo(2);
				server.start();
				assertThat(server.getActiveConnections()).isZero();
				assertThat(server.connections()).isEmpty();
				assertThat(server.closeConnection(outlived)).as("still closable by id").isTrue();
				this.handler.set(TestHandler::echoOneLine);
				for (int i = 0; i < 2; i++) {
					try (Socket client = Clients.connect(server.getPort())) {
						Clients.writer(client).println("again " + i);
						assertThat(Clients.reader(client).readLine()).isEqualTo("echo:again " + i);
					}
				}
				// the echo clients' connections end after their replies: until then they count
				await().atMost(Duration.ofSeconds(10)).until(() -> server.getActiveConnections() == 0);
				List<Socket> clients = new ArrayList<>();
				try {
					this.handler.set((connection) -> awaitIgnoringInterrupts(release));
					for (int i = 0; i < 2; i++) {
						clients.add(Clients.connect(server.getPort()));
					}
					await().atMost(Duration.ofSeconds(10)).until(() -> server.getActiveConnections() == 2);
					assertThat(this.recorder.all(WaiterRejectedEvent.class)).isEmpty();
				}
				finally {
					clients.forEach(Clients::close);
				}
			}
		}
		finally {
			release.countDown();
			server.stop();
		}
	}

	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (latch.getCount() > 0 && System.nanoTime() < deadline) {
			try {
				latch.await(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				// a handler that ignores everything but its latch
			}
		}
	}

	/** Waits until the refused client's request has arrived: then a close without lingering resets. */
	private static void awaitUnreadInput(Socket socket) {
		await().atMost(Duration.ofSeconds(10)).until(() -> socket.getInputStream().available() > 0);
	}

	private static WaiterServerSettings settings() {
		return new WaiterServerSettings().setAddress(InetAddress.getLoopbackAddress())
			.setPort(0)
			.setAcceptTimeout(Duration.ZERO);
	}

	private WaiterServer server(WaiterServerSettings settings) {
		return new WaiterServer(settings, (event) -> {
			if (event instanceof WaiterEvent waiterEvent) {
				this.recorder.on(waiterEvent);
			}
			if (event instanceof WaiterProcessEvent process) {
				try {
					this.handler.onProcess(process);
				}
				catch (Exception ex) {
					throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
				}
			}
			if (event instanceof WaiterRejectedEvent rejected) {
				if (this.awaitRequestBeforeRefusing) {
					awaitUnreadInput(rejected.getConnection().socket());
				}
				rejected.getConnection().writer().print(BUSY);
			}
		});
	}

}
