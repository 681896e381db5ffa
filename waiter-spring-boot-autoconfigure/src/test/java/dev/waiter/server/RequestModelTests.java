package dev.waiter.server;

import java.io.BufferedReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.WaiterProtocolException;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterProtocolErrorEvent;
import dev.waiter.event.WaiterRequestEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.RequestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request model on real sockets, with each way of waiting between requests: the server
 * reads each line with the framing, publishes one request event per line, sends the replies
 * of a pipelined batch together, and between requests runs nothing of the application's.
 */
class RequestModelTests {

	/** The request model on platform threads with the given idle wait, a 10 s shutdown phase. */
	static ApplicationContextRunner runner(WaiterRequestModel.IdleWait idleWait) {
		return WaiterContexts.runner()
			.withBean(RequestHandler.class)
			.withPropertyValues("waiter.handler-model=request", "waiter.idle-wait=" + idleWait.name().toLowerCase(),
					"waiter.threads.virtual=false", "spring.lifecycle.timeout-per-shutdown-phase=10s");
	}

	@ParameterizedTest
	@EnumSource
	void pipelinedRequestsAreEachPublishedOnceInOrderAndAllAnswered(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				client.getOutputStream().write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
				BufferedReader reader = Clients.reader(client);
				assertThat(List.of(reader.readLine(), reader.readLine(), reader.readLine()))
					.containsExactly("echo:a", "echo:b", "echo:c");
				Clients.writer(client).println("d");
				assertThat(reader.readLine()).isEqualTo("echo:d");
			}
			EventRecorder recorder = context.getBean(EventRecorder.class);
			WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(recorder.all(WaiterRequestEvent.class)).extracting(WaiterRequestEvent::getSequence)
				.containsExactly(1L, 2L, 3L, 4L);
			assertThat(recorder.all(WaiterProcessEvent.class)).isEmpty();
			assertThat(recorder.typesForConnection(exited.getConnection().id())).startsWith(WaiterAcceptedEvent.class, WaiterWorkerStartedEvent.class)
				.endsWith(WaiterClosingEvent.class, WaiterWorkerExitedEvent.class);
		});
	}

	@ParameterizedTest
	@EnumSource
	void betweenRequestsAConnectionRunsNothingOfTheApplications(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(Clients.exchangeOn(client, "one")).isEqualTo("echo:one");
				long id = context.getBean(EventRecorder.class).all(WaiterRequestEvent.class).get(0).getConnection().id();
				if (idleWait != WaiterRequestModel.IdleWait.THREAD) {
					await().atMost(Duration.ofSeconds(10)).until(() -> threadNamed("waiter-" + id) == null);
				}
				else {
					await().atMost(Duration.ofSeconds(10)).until(() -> inSocketRead(threadNamed("waiter-" + id)));
					assertThat(stackOf(threadNamed("waiter-" + id)))
						.noneMatch((frame) -> frame.startsWith("org.springframework."))
						.noneMatch((frame) -> frame.startsWith(RequestHandler.class.getName()));
				}
				assertThat(Clients.exchangeOn(client, "two")).isEqualTo("echo:two");
			}
		});
	}

	@ParameterizedTest
	@EnumSource
	void aGracefulStopClosesAConnectionBetweenRequestsAtOnceAndLetsAHalfSentRequestFinish(
			WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			try (Socket idle = Clients.connect(server.getPort()); Socket busy = Clients.connect(server.getPort())) {
				assertThat(Clients.exchangeOn(idle, "idle")).isEqualTo("echo:idle");
				assertThat(Clients.exchangeOn(busy, "first")).isEqualTo("echo:first");
				OutputStream busyOut = busy.getOutputStream();
				busyOut.write("hal".getBytes(StandardCharsets.UTF_8));
				busyOut.flush();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> server.connections().stream().anyMatch((c) -> c.bytesReceived() == "first\nhal".length()));
				CountDownLatch stopped = new CountDownLatch(1);
				server.stop(stopped::countDown);
				assertThat(idle.getInputStream().read()).as("the idle client's end of stream").isEqualTo(-1);
				assertThat(recorder.awaitExited(1)).extracting(WaiterWorkerExitedEvent::getOutcome)
					.containsExactly(WaiterOutcome.SHUTDOWN);
				busyOut.write("f\n".getBytes(StandardCharsets.UTF_8));
				BufferedReader reader = Clients.reader(busy);
				assertThat(reader.readLine()).isEqualTo("echo:half");
				assertThat(reader.readLine()).isNull();
				assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(recorder.awaitExited(2)).extracting(WaiterWorkerExitedEvent::getOutcome)
				.containsOnly(WaiterOutcome.SHUTDOWN);
			assertThat(recorder.all(WaiterRequestEvent.class)).hasSize(3);
		});
	}

	@ParameterizedTest
	@EnumSource
	void theIdleTimeoutClosesAConnectionWaitingForItsNextRequestQuietly(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withPropertyValues("waiter.idle-timeout=300ms", "waiter.read-timeout=30s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(Clients.exchangeOn(client, "one")).isEqualTo("echo:one");
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.IDLE);
			assertThat(exited.getError()).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource
	void theRequestTimeoutCutsOffARequestThatTricklesInHoweverSteadily(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withPropertyValues("waiter.request-timeout=500ms", "waiter.read-timeout=5s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				EventRecorder recorder = context.getBean(EventRecorder.class);
				Clients.trickleUntil(client, () -> !recorder.all(WaiterWorkerExitedEvent.class).isEmpty());
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
			assertThat(context.getBean(EventRecorder.class).all(WaiterRequestEvent.class)).isEmpty();
		});
	}

	@ParameterizedTest
	@EnumSource
	void aProtocolErrorIsPublishedAndAnAnsweredOneEndsTheConnectionAsCompleted(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withPropertyValues("waiter.frame.max-length=8").run((context) -> {
			context.getBean(RequestHandler.class).answerProtocolErrors(true);
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				PrintWriter writer = Clients.writer(client);
				writer.println("short");
				writer.println("much-too-long-a-line");
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("echo:short");
				assertThat(reader.readLine()).startsWith("-ERR");
				assertThat(reader.readLine()).isNull();
			}
			EventRecorder recorder = context.getBean(EventRecorder.class);
			assertThat(recorder.awaitExited(1).get(0).getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(recorder.all(WaiterProtocolErrorEvent.class)).singleElement()
				.extracting(WaiterProtocolErrorEvent::getError)
				.isInstanceOf(WaiterProtocolException.class);
		});
	}

	@ParameterizedTest
	@EnumSource
	void anUnansweredProtocolErrorAndAListenersExceptionEachEndOnlyTheirConnectionWithError(
			WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).withPropertyValues("waiter.frame.max-length=8").run((context) -> {
			context.getBean(RequestHandler.class).set((event) -> {
				if (new String((byte[]) event.getRequest(), StandardCharsets.UTF_8).equals("fail")) {
					throw new IllegalStateException("handler bug");
				}
				RequestHandler.echo(event);
			});
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket bad = Clients.connect(server.getPort()); Socket failing = Clients.connect(server.getPort());
					Socket good = Clients.connect(server.getPort())) {
				Clients.writer(bad).println("much-too-long-a-line");
				assertThat(Clients.reader(bad).readLine()).isNull();
				Clients.writer(failing).println("fail");
				assertThat(Clients.reader(failing).readLine()).isNull();
				assertThat(Clients.exchangeOn(good, "still")).isEqualTo("echo:still");
				List<WaiterWorkerExitedEvent> exited = context.getBean(EventRecorder.class).awaitExited(2);
				assertThat(exited).extracting(WaiterWorkerExitedEvent::getOutcome)
					.containsOnly(WaiterOutcome.ERROR);
				assertThat(exited).extracting((e) -> e.getError().getClass().getSimpleName())
					.containsExactlyInAnyOrder("FrameTooLongException", "IllegalStateException");
			}
		});
	}

	/**
	 * {@link WaiterConnection#close()} from a thread that does not serve the connection (a
	 * signal listener, an admin bean) closes the socket at once: a connection parked on the
	 * idle selector must then end as one blocked in a read does.
	 */
	@ParameterizedTest
	@EnumSource
	void aConnectionClosedFromAnotherThreadWhileItWaitsForItsNextRequestEnds(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(Clients.exchangeOn(client, "one")).isEqualTo("echo:one");
				long id = recorder.all(WaiterRequestEvent.class).get(0).getConnection().id();
				if (idleWait != WaiterRequestModel.IdleWait.THREAD) {
					await().atMost(Duration.ofSeconds(10))
						.until(() -> RequestModelTests.threadNamed("waiter-" + id) == null);
				}
				else {
					await().atMost(Duration.ofSeconds(10))
						.until(() -> RequestModelTests.inSocketRead(RequestModelTests.threadNamed("waiter-" + id)));
				}
				WaiterConnection connection = server.connections().get(0);
				connection.close();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !recorder.all(WaiterWorkerExitedEvent.class).isEmpty());
				assertThat(server.connections()).isEmpty();
			}
		});
	}

	/**
	 * A listener that ends its conversation (a QUIT command) closes its connection on the
	 * connection's own thread, as a connection-model handler does before it returns: nothing
	 * failed, so the outcome is {@code COMPLETED}, not an error from the server's next read.
	 */
	@ParameterizedTest
	@EnumSource
	void aListenerThatClosesItsConnectionEndsItAsCompleted(WaiterRequestModel.IdleWait idleWait) {
		runner(idleWait).run((context) -> {
			context.getBean(RequestHandler.class).set((event) -> {
				if (new String((byte[]) event.getRequest(), StandardCharsets.UTF_8).equals("quit")) {
					event.getConnection().out().writeAscii("bye\n");
					event.getConnection().close();
					return;
				}
				RequestHandler.echo(event);
			});
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				assertThat(Clients.exchangeOn(client, "one")).isEqualTo("echo:one");
				Clients.writer(client).println("quit");
				BufferedReader reader = Clients.reader(client);
				assertThat(reader.readLine()).isEqualTo("bye");
				assertThat(reader.readLine()).isNull();
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getError()).isNull();
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
		});
	}

	static boolean inSocketRead(Thread thread) {
		return thread != null && stackOf(thread).stream().anyMatch((frame) -> frame.contains("read"))
				&& (thread.getState() == Thread.State.RUNNABLE || thread.getState() == Thread.State.WAITING);
	}

	static List<String> stackOf(Thread thread) {
		List<String> frames = new ArrayList<>();
		for (StackTraceElement frame : thread.getStackTrace()) {
			frames.add(frame.getClassName() + "." + frame.getMethodName());
		}
		return frames;
	}

	static Thread threadNamed(String name) {
		for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
			if (entry.getKey().getName().equals(name)) {
				return entry.getKey();
			}
		}
		return null;
	}

}
