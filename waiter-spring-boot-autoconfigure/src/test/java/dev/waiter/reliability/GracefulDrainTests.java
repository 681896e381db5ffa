package dev.waiter.reliability;

import java.io.BufferedReader;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.Stops;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulDrainTests {

	private static final int CLIENTS = 50;

	private static final int REPLIES = 5;

	@Test
	void fiftyClientsMidRequestDuringAStopEachGetTheirReplyThenAreClosedAsIdleWhileANewClientIsRefused() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch stopBegun = new CountDownLatch(1);
			CountDownLatch allMidRequest = new CountDownLatch(CLIENTS);
			context.getBean(TestHandler.class).set((connection) -> {
				for (int i = 1; i <= REPLIES; i++) {
					String request = connection.readLine(100);
					if (request == null) {
						return;
					}
					if (i == 2) {
						allMidRequest.countDown();
						stopBegun.await(20, TimeUnit.SECONDS);
						assertThat(server.isStopping()).isTrue();
					}
					connection.writer().println(request + " -> reply " + i);
				}
			});
			int port = server.getPort();
			List<Socket> sockets = new ArrayList<>();
			CountDownLatch stopped = new CountDownLatch(1);
			try {
				for (int c = 0; c < CLIENTS; c++) {
					Socket socket = Clients.connect(port);
					sockets.add(socket);
					Clients.writer(socket).println("c" + c + " q1");
					assertThat(Clients.reader(socket).readLine()).isEqualTo("c" + c + " q1 -> reply 1");
				}
				for (int c = 0; c < CLIENTS; c++) {
					Clients.writer(sockets.get(c)).println("c" + c + " q2");
				}
				assertThat(allMidRequest.await(20, TimeUnit.SECONDS)).isTrue();
				server.stop(stopped::countDown);
				assertThat(Clients.accepts(port)).isFalse();
				stopBegun.countDown();
				for (int c = 0; c < CLIENTS; c++) {
					BufferedReader reader = Clients.reader(sockets.get(c));
					assertThat(reader.readLine()).isEqualTo("c" + c + " q2 -> reply 2");
					assertThat(reader.readLine()).isNull();
				}
			}
			finally {
				sockets.forEach(Clients::close);
			}
			// idle connections are closed at once: the stop does not wait out its 30 s
			assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
			List<WaiterWorkerExitedEvent> exited = context.getBean(EventRecorder.class).awaitExited(CLIENTS);
			assertThat(exited).allSatisfy((event) -> assertThat(event.getOutcome()).isEqualTo(WaiterOutcome.SHUTDOWN));
		});
	}

	/**
	 * Each client pipelines two whole requests and the first half of a third, and has both
	 * replies when the stop begins: every connection is then busy (a request half-consumed),
	 * none is closed as idle, and each third request is executed whole once its rest arrives.
	 * A probe client served before and idle is closed by the same pass (connections are
	 * visited in id order, so the pass has looked at every pipelining client by then).
	 */
	@Test
	void clientsWithAPipelinedRequestHalfArrivedAtAStopHaveItExecutedWholeNeverCut() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			List<String> executed = new java.util.concurrent.CopyOnWriteArrayList<>();
			context.getBean(TestHandler.class).set((connection) -> {
				String request;
				while ((request = connection.readLine(100)) != null) {
					executed.add(request);
					connection.out().writeAscii("done " + request + "\n");
				}
			});
			int clients = 20;
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int c = 0; c < clients; c++) {
					Socket socket = Clients.connect(server.getPort());
					sockets.add(socket);
					socket.getOutputStream().write(("c" + c + " one\nc" + c + " two\nc" + c + " thr").getBytes());
				}
				for (int c = 0; c < clients; c++) {
					BufferedReader reader = Clients.reader(sockets.get(c));
					assertThat(reader.readLine()).isEqualTo("done c" + c + " one");
					assertThat(reader.readLine()).isEqualTo("done c" + c + " two");
				}
				try (Socket probe = Clients.connect(server.getPort())) {
					Clients.writer(probe).println("probe");
					assertThat(Clients.reader(probe).readLine()).isEqualTo("done probe");
					CountDownLatch stopped = new CountDownLatch(1);
					server.stop(stopped::countDown);
					assertThat(probe.getInputStream().read()).as("the idle probe is closed").isEqualTo(-1);
					for (int c = 0; c < clients; c++) {
						sockets.get(c).getOutputStream().write("ee\n".getBytes());
					}
					for (int c = 0; c < clients; c++) {
						BufferedReader reader = Clients.reader(sockets.get(c));
						assertThat(reader.readLine()).isEqualTo("done c" + c + " three");
						assertThat(reader.readLine()).isNull();
					}
					assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				}
			}
			finally {
				sockets.forEach(Clients::close);
			}
			assertThat(executed).filteredOn((request) -> request.endsWith("thr")).isEmpty();
			assertThat(executed).filteredOn((request) -> request.endsWith("three")).hasSize(clients);
		});
	}

	@Test
	void aGracefulStopClosesAnIdleClientAtOnceAndLetsOneMidRequestFinishItsReply() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch working = new CountDownLatch(1);
			CountDownLatch finish = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				String request;
				while ((request = connection.readLine(100)) != null) {
					if (request.equals("slow")) {
						working.countDown();
						finish.await(20, TimeUnit.SECONDS);
					}
					connection.writer().println("done " + request);
				}
			});
			try (Socket idle = Clients.connect(server.getPort()); Socket busy = Clients.connect(server.getPort())) {
				Clients.writer(idle).println("quick");
				assertThat(Clients.reader(idle).readLine()).isEqualTo("done quick");
				Clients.writer(busy).println("slow");
				assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				assertThat(idle.getInputStream().read()).isEqualTo(-1);
				assertThat(stopped.getCount()).isOne();
				finish.countDown();
				assertThat(Clients.reader(busy).readLine()).isEqualTo("done slow");
				assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
			}
			List<WaiterWorkerExitedEvent> exited = context.getBean(EventRecorder.class).awaitExited(2);
			assertThat(exited).extracting(WaiterWorkerExitedEvent::getOutcome)
				.containsExactlyInAnyOrder(WaiterOutcome.SHUTDOWN, WaiterOutcome.SHUTDOWN);
		});
	}

	/**
	 * The handler is called at once and blocks in its reader for a request that never
	 * comes. The stop closes it as idle once its first-request grace (a second) has passed,
	 * long before the 30 s phase deadline that would close it anyway.
	 */
	@Test
	void aHandlerWaitingInItsReaderForAFirstRequestIsClosedAsIdleByAGracefulStopLongBeforeThePhaseDeadline() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			CountDownLatch stuck = new CountDownLatch(1);
			AtomicInteger readResult = new AtomicInteger(Integer.MIN_VALUE);
			context.getBean(TestHandler.class).set((connection) -> {
				stuck.countDown();
				readResult.set(connection.reader().read());
			});
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(Stops.gracefully(server)).isLessThan(Duration.ofSeconds(10));
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.SHUTDOWN);
			assertThat(exited.getError()).isNull();
			assertThat(readResult).hasValue(-1);
		});
	}

	/**
	 * A client served once and idle is closed by the stop's first pass over the
	 * connections; a client that connected just before the stop and has sent nothing yet is
	 * not, in that same pass: its request, sent once the first client saw its end of stream,
	 * is answered.
	 */
	@Test
	void aClientThatJustConnectedAndSendsItsRequestDuringAGracefulStopIsAnswered() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			context.getBean(TestHandler.class).set((connection) -> {
				String line;
				while ((line = connection.readLine(100)) != null) {
					connection.writer().println("echo:" + line);
				}
			});
			try (Socket served = Clients.connect(server.getPort()); Socket fresh = Clients.connect(server.getPort())) {
				Clients.writer(served).println("first");
				assertThat(Clients.reader(served).readLine()).isEqualTo("echo:first");
				await().until(() -> server.connections().size() == 2);
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				assertThat(served.getInputStream().read()).isEqualTo(-1);
				Clients.writer(fresh).println("late but sent");
				assertThat(Clients.reader(fresh).readLine()).isEqualTo("echo:late but sent");
				assertThat(fresh.getInputStream().read()).isEqualTo(-1);
				assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
			}
		});
	}

	@Test
	void aClientThatConnectedAndNeverSendsIsClosedAfterItsGraceNotAtTheShutdownDeadline() {
		Reliability.contextRunner().withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket silent = Clients.connect(server.getPort())) {
				await().until(() -> server.connections().size() == 1);
				long started = System.nanoTime();
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				assertThat(silent.getInputStream().read()).isEqualTo(-1);
				assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.SHUTDOWN);
		});
	}

}
