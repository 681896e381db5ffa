package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.io.File;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.waiter.server.transport.WaiterSocketActivationException;
import dev.waiter.support.Clients;
import dev.waiter.support.ForkedJvm;
import dev.waiter.support.WaiterContexts;
import dev.waiter.autoconfigure.diagnostics.WaiterSocketActivationFailureAnalyzer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code waiter.socket-activation}: the server serves the listening socket inherited on
 * standard input. In this JVM there is none (standard input is surefire's pipe), so
 * start-up fails; under Debian's {@code systemd-socket-activate --inetd} a forked
 * application serves it, across a stop and start of its context.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketActivationTests {

	private static final String SYSTEMD_SOCKET_ACTIVATE = "/usr/bin/systemd-socket-activate";

	/** An address no interface here has: binding it fails, so serving proves it ignored. */
	private static final String UNBINDABLE_ADDRESS = "192.0.2.1";

	@Test
	void withoutAListeningSocketOnStandardInputStartUpFailsWithAMessageNamingTheProperty() {
		WaiterContexts.runner().withPropertyValues("waiter.socket-activation=true").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).hasRootCauseInstanceOf(WaiterSocketActivationException.class)
				.rootCause()
				.hasMessageContaining("(waiter.socket-activation=true)")
				.hasMessageContaining("standard input is not a socket");
			FailureAnalysis analysis = new WaiterSocketActivationFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getAction()).contains("StandardInput=socket").contains("systemd-socket-activate --inetd")
				.contains("waiter.socket-activation=false");
		});
	}

	@Test
	void socketActivationWithAUnixSocketStopsStartUpNamingBothInsteadOfIgnoringTheUnixRules() {
		WaiterContexts.runner()
			.withPropertyValues("waiter.socket-activation=true", "waiter.unix-socket=/tmp/never.sock",
					"waiter.unix-allowed-users=nobody")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("waiter.unix-socket")
					.hasMessageContaining("waiter.socket-activation=true");
			});
	}

	@Test
	void aNamedServerCannotServeTheInheritedSocket() {
		WaiterContexts.runner()
			.withPropertyValues("waiter.port=0", "waiter.servers.admin.port=0", "waiter.servers.admin.socket-activation=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("waiter.servers.admin.socket-activation")
					.hasMessageContaining("only the default server (waiter.socket-activation)");
			});
	}

	@Test
	void aForkedApplicationWithoutAnInheritedSocketExitsWithCode100AndTheAnalysis() throws Exception {
		ForkedJvm jvm = ForkedJvm.start("--waiter.socket-activation=true");
		try {
			int exitCode = jvm.awaitExit(60);
			String output = jvm.output();
			assertThat(exitCode).as(output).isEqualTo(100);
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Waiter could not serve the socket inherited on standard input (waiter.socket-activation=true)")
				.contains("StandardInput=socket");
		}
		finally {
			jvm.destroy();
		}
	}

	/**
	 * {@code systemd-socket-activate} without {@code --accept} starts the program only at the
	 * first connection, which waits in the backlog meanwhile; {@code restart} then stops and
	 * starts the context in the same JVM, which serves the same socket again.
	 */
	@Test
	void underSystemdSocketActivateTheApplicationServesTheInheritedSocketAcrossARestartOfItsContext()
			throws Exception {
		Assumptions.assumeTrue(new File(SYSTEMD_SOCKET_ACTIVATE).canExecute(), "Skipped: " + SYSTEMD_SOCKET_ACTIVATE
				+ " is missing (Debian package systemd: apt-get install systemd)");
		int port = freePort();
		ForkedJvm jvm = ForkedJvm.startUnder(List.of(SYSTEMD_SOCKET_ACTIVATE, "-l", "127.0.0.1:" + port, "--inetd"),
				"--waiter.socket-activation=true", "--waiter.address=" + UNBINDABLE_ADDRESS, "--test.handler=break");
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> jvm.output().contains("Listening on 127.0.0.1:" + port));
			try (Socket first = connect(port)) {
				BufferedReader in = Clients.reader(first);
				PrintWriter out = Clients.writer(first);
				out.println("hello");
				assertThat(in.readLine()).as(jvm::output).isEqualTo("echo:hello");
				out.println("state");
				assertThat(in.readLine()).isEqualTo("LISTENING");
				out.println("restart");
				assertThat(in.readLine()).isEqualTo("restarting");
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> listeningLines(jvm.output(), port) == 2);
			try (Socket second = connect(port)) {
				PrintWriter out = Clients.writer(second);
				out.println("again");
				assertThat(Clients.reader(second).readLine()).as(jvm::output).isEqualTo("echo:again");
			}
			assertThat(jvm.output()).contains("socket inherited on standard input (waiter.port and waiter.address ignored)");
		}
		catch (Exception | AssertionError ex) {
			throw new AssertionError("Failed; the application's output:\n" + jvm.output(), ex);
		}
		finally {
			jvm.destroy();
		}
	}

	private static long listeningLines(String output, int port) {
		Matcher matcher = Pattern.compile("Waiter listening on 127\\.0\\.0\\.1:" + port + " ").matcher(output);
		return matcher.results().count();
	}

	/** A client that waits as long as a JVM takes to start for its reply. */
	private static Socket connect(int port) throws Exception {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
		socket.setSoTimeout(60_000);
		return socket;
	}

	private static int freePort() throws Exception {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

}
