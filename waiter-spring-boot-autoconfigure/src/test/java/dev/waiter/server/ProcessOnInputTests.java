package dev.waiter.server;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.ProxyHeaders;
import dev.waiter.support.Stops;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code waiter.process-on-input}: a client that has sent nothing waits in a socket read
 * on a shallow stack, before its events and outside every listener, and its handler then
 * meets the same bytes, end of stream, timeout or stop as it would have without the option.
 */
class ProcessOnInputTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter test CA");

	private static final TestCertificates.Issued certificate = authority.issue("127.0.0.1");

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner()
		.withPropertyValues("waiter.process-on-input=true", "waiter.threads.virtual=true");

	@Test
	void aPlainClientThatHasSentNothingWaitsInASocketReadBeforeItsEventsAndItsFirstLineIsServed() {
		this.contextRunner.run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			try (Socket client = Clients.connect(server.getPort())) {
				StackTraceElement[] stack = awaitBlockedInASocketRead(awaitOwners(server, 1).get(0));
				assertThat(Arrays.stream(stack).map((frame) -> frame.getClassName() + "." + frame.getMethodName()))
					.as("stack of the waiting connection")
					.noneMatch((frame) -> frame.startsWith("org.springframework."))
					.noneMatch((frame) -> frame.equals(ConnectionRunner.class.getName() + ".serveEvents"));
				assertThat(recorder.all(WaiterWorkerStartedEvent.class)).isEmpty();
				assertThat(recorder.all(WaiterProcessEvent.class)).isEmpty();
				Clients.writer(client).println("first");
				assertThat(Clients.reader(client).readLine()).isEqualTo("echo:first");
			}
			WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(exited.getBytesReceived()).isEqualTo("first\n".length());
			assertThat(recorder.all(WaiterWorkerStartedEvent.class)).hasSize(1);
		});
	}

	@Test
	void withoutTheOptionTheSameClientWaitsInsideItsHandler() {
		WaiterContexts.runner().run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			try (Socket client = Clients.connect(server.getPort())) {
				StackTraceElement[] stack = awaitBlockedInASocketRead(awaitOwners(server, 1).get(0));
				assertThat(Arrays.stream(stack).map(StackTraceElement::getClassName))
					.contains(TestHandler.class.getName());
			}
		});
	}

	@Test
	void aClientThatClosesWithoutSendingGetsItsEventsAndTheHandlerSeesTheEndOfTheStream() {
		this.contextRunner.run((context) -> {
			List<String> lines = new ArrayList<>();
			context.getBean(TestHandler.class).set((connection) -> lines.add(String.valueOf(connection.readLine(100))));
			Clients.connect(context.getBean(WaiterServer.class).getPort()).close();
			EventRecorder recorder = context.getBean(EventRecorder.class);
			WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(recorder.all(WaiterWorkerStartedEvent.class)).hasSize(1);
			assertThat(recorder.all(WaiterProcessEvent.class)).hasSize(1);
			assertThat(lines).containsExactly("null");
		});
	}

	@Test
	void theReadTimeoutEndsAClientThatNeverSendsAndItsHandlerMeetsTheTimeout() {
		this.contextRunner.withPropertyValues("waiter.read-timeout=300ms").run((context) -> {
			List<Throwable> met = new ArrayList<>();
			context.getBean(TestHandler.class).set((connection) -> {
				try {
					connection.readLine(100);
				}
				catch (SocketTimeoutException ex) {
					met.add(ex);
					throw ex;
				}
			});
			try (Socket client = Clients.connect(context.getBean(WaiterServer.class).getPort())) {
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
				assertThat(exited.getError()).isInstanceOf(SocketTimeoutException.class);
				assertThat(met).hasSize(1);
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
		});
	}

	@Test
	void aGracefulStopEndsClientsThatHaveSentNothingWithOutcomeShutdown() {
		this.contextRunner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 5; i++) {
					clients.add(Clients.connect(server.getPort()));
				}
				for (Thread owner : awaitOwners(server, 5)) {
					awaitBlockedInASocketRead(owner);
				}
				assertThat(Stops.gracefully(server)).isLessThan(Duration.ofSeconds(4));
				EventRecorder recorder = context.getBean(EventRecorder.class);
				assertThat(recorder.awaitExited(5)).extracting(WaiterWorkerExitedEvent::getOutcome)
					.containsOnly(WaiterOutcome.SHUTDOWN);
				assertThat(recorder.all(WaiterProcessEvent.class)).hasSize(5);
			}
			finally {
				clients.forEach(Clients::close);
			}
		});
	}

	@Test
	void aTlsClientIsHandshakenAtOnceAndProcessedWhenItsFirstBytesArrive() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
			.withPropertyValues("waiter.ssl.certificate=" + certificate.certificatePem(),
					"waiter.ssl.certificate-private-key=" + certificate.keyPem())
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				EventRecorder recorder = context.getBean(EventRecorder.class);
				try (SSLSocket client = TestCertificates.connect(authority.clientContext(), server.getPort())) {
					Thread owner = awaitOwners(server, 1).get(0);
					await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(owner.getStackTrace())
						.anyMatch((frame) -> frame.getMethodName().equals("awaitInput")));
					assertThat(server.connections().get(0).isSsl()).isTrue();
					assertThat(recorder.all(WaiterProcessEvent.class)).isEmpty();
					OutputStream out = client.getOutputStream();
					out.write("over tls\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
					assertThat(Clients.reader(client).readLine()).isEqualTo("echo:over tls");
				}
				assertThat(recorder.awaitExited(1).get(0).getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			});
	}

	@Test
	void behindTheProxyProtocolTheWaitComesAfterTheHeaderAndBytesSentWithItAreServed() {
		this.contextRunner
			.withPropertyValues("waiter.proxy-protocol.enabled=true", "waiter.proxy-protocol.trusted-proxies=127.0.0.0/8")
			.run((context) -> {
				WaiterServer server = context.getBean(WaiterServer.class);
				try (Socket client = Clients.connect(server.getPort())) {
					OutputStream out = client.getOutputStream();
					out.write(ProxyHeaders.ascii("PROXY TCP4 192.0.2.7 127.0.0.1 4711 80\r\n"));
					out.flush();
					awaitBlockedInASocketRead(awaitOwners(server, 1).get(0));
					await().atMost(Duration.ofSeconds(10))
						.until(() -> "192.0.2.7".equals(server.connections().get(0).peerHost()));
					assertThat(context.getBean(EventRecorder.class).all(WaiterProcessEvent.class)).isEmpty();
					out.write(ProxyHeaders.ascii("late\n"));
					assertThat(Clients.reader(client).readLine()).isEqualTo("echo:late");
				}
				try (Socket client = Clients.connect(server.getPort())) {
					client.getOutputStream().write(ProxyHeaders.ascii("PROXY TCP4 192.0.2.8 127.0.0.1 4712 80\r\nwith\n"));
					assertThat(Clients.reader(client).readLine()).isEqualTo("echo:with");
				}
				assertThat(context.getBean(EventRecorder.class).all())
					.filteredOn((recorded) -> recorded.event() instanceof WaiterAcceptedEvent)
					.hasSize(2)
					.as("the accepted event after the header comes from the connection's own thread")
					.allMatch(EventRecorder.Recorded::child);
			});
	}

	/** The threads of the server's live connections, once there are this many. */
	private static List<Thread> awaitOwners(WaiterServer server, int count) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> owners(server).size() >= count);
		return owners(server);
	}

	private static List<Thread> owners(WaiterServer server) {
		List<Thread> owners = new ArrayList<>();
		for (WaiterConnection connection : server.connections()) {
			Thread owner = ((SocketConnection) connection).owner();
			if (owner != null) {
				owners.add(owner);
			}
		}
		return owners;
	}

	/**
	 * Waits until the thread is parked or blocked in a socket read (the JDK's socket
	 * implementation on its stack), and returns that stack.
	 */
	private static StackTraceElement[] awaitBlockedInASocketRead(Thread thread) {
		StackTraceElement[][] seen = new StackTraceElement[1][];
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			seen[0] = thread.getStackTrace();
			return Arrays.stream(seen[0])
				.anyMatch((frame) -> frame.getClassName().equals("sun.nio.ch.NioSocketImpl")
						&& frame.getMethodName().equals("read"));
		});
		return seen[0];
	}

}
