package dev.waiter.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.PeerCredentials;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.Stops;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving on a Unix domain socket: real {@code curl --unix-socket} and JDK channel clients,
 * every mode, the socket file's permissions, the peer's credentials on the connection and
 * in the MDC, the allow rule on them, the read timeout and the graceful drain.
 */
@Timeout(60)
class UnixSocketTests {

	/** The sample application's HTTP/1.0 reply (HelloWorldWaiter), after the request head. */
	static final String HELLO = "HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 12\r\n\r\nhello world\n";

	@TempDir
	Path directory;

	private ApplicationContextRunner runner(Path socket, String... more) {
		return WaiterContexts.runner().withPropertyValues("waiter.unix-socket=" + socket).withPropertyValues(more);
	}

	static void hello(WaiterConnection connection) throws IOException {
		for (int i = 0; i < 100; i++) {
			String line = connection.readLine(8192);
			if (line == null || line.isEmpty()) {
				break;
			}
		}
		connection.writer().print(HELLO);
	}

	@Test
	void curlOverTheUnixSocketGetsTheSamplesHelloReply() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")),
				"Skipped: curl is not installed (.ci/run installs Debian's curl package)");
		Path socket = this.directory.resolve("waiter.sock");
		runner(socket).run((context) -> {
			context.getBean(TestHandler.class).set(UnixSocketTests::hello);
			Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--unix-socket", socket.toString(),
					"http://localhost/").redirectErrorStream(true).start();
			String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(curl.exitValue()).as(output).isZero();
			assertThat(output).isEqualTo("hello world\n");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "fork", "prefork", "nofork" })
	void aJdkChannelClientIsServedInEveryModeAndTheServerHasNoPortButItsPath(String mode) throws Exception {
		Path socket = this.directory.resolve(mode + ".sock");
		runner(socket, "waiter.mode=" + mode, "waiter.prefork.min=2", "waiter.prefork.max=2").run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			assertThat(server.getPort()).isEqualTo(-1);
			assertThat(server.getAddress()).isNull();
			assertThat(server.getUnixSocket()).isEqualTo(socket);
			for (int i = 0; i < 5; i++) {
				assertThat(UnixClient.exchange(socket, "hi " + i + "\n")).isEqualTo("echo:hi " + i + "\n");
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "fork", "prefork" })
	void aJdkChannelClientIsServedOnVirtualThreadsWhereTheJdkHasThem(String mode) throws Exception {
		Path socket = this.directory.resolve("virtual-" + mode + ".sock");
		runner(socket, "waiter.mode=" + mode, "waiter.threads.virtual=true", "waiter.read-timeout=5s").run((context) -> {
			for (int i = 0; i < 5; i++) {
				assertThat(UnixClient.exchange(socket, "v " + i + "\n")).isEqualTo("echo:v " + i + "\n");
			}
		});
	}

	@Test
	void theSocketFileGetsThePermissionsAskedForAndIsRemovedWhenTheServerStops() throws Exception {
		Path socket = this.directory.resolve("perm.sock");
		runner(socket, "waiter.unix-socket-permissions=rw-rw----").run((context) -> {
			assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
			assertThat(UnixClient.exchange(socket, "x\n")).isEqualTo("echo:x\n");
		});
		assertThat(socket).doesNotExist();
	}

	@Test
	void thePeersCredentialsAreOnTheConnectionAndInTheMdc() throws Exception {
		Path socket = this.directory.resolve("cred.sock");
		runner(socket).run((context) -> {
			context.getBean(TestHandler.class).set((connection) -> {
				PeerCredentials credentials = connection.peerCredentials();
				connection.writer().print(credentials.user() + " " + credentials.group() + " " + MDC.get("waiter.peer"));
			});
			String user = System.getProperty("user.name");
			String reply = UnixClient.exchange(socket, "");
			assertThat(reply).startsWith(user + " ").endsWith(" unix:" + user);
			assertThat(reply.split(" ")[1]).isNotEqualTo("null");
		});
	}

	@Test
	void aRuleNamingAnotherUserRefusesThisOneAndOneNamingItServesIt() throws Exception {
		Path socket = this.directory.resolve("rule.sock");
		runner(socket, "waiter.unix-allowed-users=not-" + System.getProperty("user.name")).run((context) -> {
			// nothing sent: a refused client's unread request resets it, on a Unix socket as on TCP
			assertThat(UnixClient.exchange(socket, "")).isEmpty();
			await().untilAsserted(() -> assertThat(context.getBean(EventRecorder.class).all(WaiterRejectedEvent.class))
				.singleElement()
				.satisfies((rejected) -> assertThat(rejected.getReason()).isEqualTo(WaiterRejectedEvent.DENIED)));
		});
		runner(socket, "waiter.unix-allowed-users=" + System.getProperty("user.name"))
			.run((context) -> assertThat(UnixClient.exchange(socket, "x\n")).isEqualTo("echo:x\n"));
	}

	@Test
	void aRuleGivingThisProcesssNumericUidOrGidServesItAndAnotherNumberRefusesIt() throws Exception {
		Path socket = this.directory.resolve("uid.sock");
		Path mine = Files.createFile(this.directory.resolve("mine"));
		int uid = (Integer) Files.getAttribute(mine, "unix:uid");
		int gid = (Integer) Files.getAttribute(mine, "unix:gid");
		runner(socket, "waiter.unix-allowed-users=" + uid)
			.run((context) -> assertThat(UnixClient.exchange(socket, "u\n")).isEqualTo("echo:u\n"));
		runner(socket, "waiter.unix-allowed-users=nobody-here", "waiter.unix-allowed-groups=" + gid)
			.run((context) -> assertThat(UnixClient.exchange(socket, "g\n")).isEqualTo("echo:g\n"));
		runner(socket, "waiter.unix-allowed-users=" + (uid + 4242)).run((context) -> {
			assertThat(UnixClient.exchange(socket, "")).isEmpty();
			await().untilAsserted(() -> assertThat(context.getBean(EventRecorder.class).all(WaiterRejectedEvent.class))
				.singleElement()
				.satisfies((rejected) -> assertThat(rejected.getReason()).isEqualTo(WaiterRejectedEvent.DENIED)));
		});
	}

	@Test
	void aClientThatSendsNothingIsClosedAtTheReadTimeout() throws Exception {
		Path socket = this.directory.resolve("timeout.sock");
		runner(socket, "waiter.read-timeout=200ms").run((context) -> {
			try (SocketChannel channel = UnixClient.connect(socket)) {
				assertThat(UnixClient.readAll(channel)).isEmpty();
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
		});
	}

	@Test
	void aGracefulStopLetsTheRequestInProgressFinishAndRemovesTheFile() throws Exception {
		Path socket = this.directory.resolve("drain.sock");
		runner(socket, "waiter.shutdown=graceful").run((context) -> {
			CountDownLatch reading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				String line = connection.readLine(1024);
				reading.countDown();
				release.await(20, TimeUnit.SECONDS);
				connection.writer().print("done:" + line + "\n");
			});
			try (SocketChannel channel = UnixClient.connect(socket)) {
				UnixClient.send(channel, "work\n");
				assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();
				WaiterServer server = context.getBean(WaiterServer.class);
				CompletableFuture<?> stop = CompletableFuture.runAsync(() -> {
					try {
						Stops.gracefully(server);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				await().until(() -> !Files.exists(socket));
				release.countDown();
				assertThat(UnixClient.readAll(channel)).isEqualTo("done:work\n");
				stop.get(20, TimeUnit.SECONDS);
			}
		});
	}

}
