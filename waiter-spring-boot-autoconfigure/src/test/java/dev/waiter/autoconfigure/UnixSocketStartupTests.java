package dev.waiter.autoconfigure;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.waiter.server.WaiterBindException;
import dev.waiter.support.WaiterContexts;
import dev.waiter.autoconfigure.diagnostics.WaiterBindFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up on a Unix domain socket: a stale file left by a dead process is replaced, a
 * path a live server holds fails the start with exit code 100 and an analysis naming the
 * path and the property, and wrong settings are refused naming their property.
 */
@Timeout(60)
class UnixSocketStartupTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner(Path socket, String... more) {
		return WaiterContexts.runner().withPropertyValues("waiter.unix-socket=" + socket).withPropertyValues(more);
	}

	@Test
	void aStaleSocketFileLeftByADeadProcessIsReplaced() throws Exception {
		Path socket = this.directory.resolve("stale.sock");
		ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		dead.bind(UnixDomainSocketAddress.of(socket));
		dead.close();
		assertThat(socket).exists();
		runner(socket).run((context) -> {
			assertThat(context).hasNotFailed();
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
				assertThat(client.isConnected()).isTrue();
			}
		});
	}

	@Test
	void aPathALiveServerHoldsEndsStartUpWithExitCode100AndAnAnalysisNamingThePath() throws Exception {
		Path socket = this.directory.resolve("live.sock");
		try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			live.bind(UnixDomainSocketAddress.of(socket));
			runner(socket).run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				WaiterBindException bind = findCause(failure, WaiterBindException.class);
				assertThat(bind.getExitCode()).isEqualTo(100);
				assertThat(bind.getUnixSocket()).isEqualTo(socket);
				FailureAnalysis analysis = analyzeAsBootDoes(failure, new MockEnvironment());
				assertThat(analysis.getDescription()).contains(socket.toString()).contains("waiter.unix-socket")
					.contains("live server");
				assertThat(analysis.getAction()).contains("waiter.unix-socket");
			});
			assertThat(socket).as("the live server's file is left alone").exists();
		}
	}

	@Test
	void aPathALiveServerHoldsForANamedServerIsAnalysedUnderThatServersProperty() throws Exception {
		Path socket = this.directory.resolve("named.sock");
		try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			live.bind(UnixDomainSocketAddress.of(socket));
			WaiterContexts.runner().withPropertyValues("waiter.servers.side.unix-socket=" + socket).run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyzeAsBootDoes(context.getStartupFailure(),
						new MockEnvironment().withProperty("waiter.servers.side.unix-socket", socket.toString()));
				assertThat(analysis.getDescription()).contains(socket.toString())
					.contains("waiter.servers.side.unix-socket");
				assertThat(analysis.getAction()).contains("waiter.servers.side.unix-socket")
					.doesNotContain("set waiter.unix-socket");
			});
		}
	}

	@Test
	void aPortTakenForANamedServerIsAnalysedUnderThatServersProperty() throws Exception {
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			WaiterContexts.runner()
				.withPropertyValues("waiter.servers.side.port=" + taken.getLocalPort(),
						"waiter.servers.side.address=127.0.0.1")
				.run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = analyzeAsBootDoes(context.getStartupFailure(), new MockEnvironment());
					assertThat(analysis.getDescription()).contains("waiter.servers.side.port");
					assertThat(analysis.getAction()).contains("waiter.servers.side.port");
				});
		}
	}

	/**
	 * The analyzer as Spring Boot makes it: from {@code spring.factories}, given the
	 * environment (a failed context's own is out of reach: this one holds what the test set).
	 */
	private static FailureAnalysis analyzeAsBootDoes(Throwable failure, Environment environment) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.of(Environment.class, environment),
					(type, name, error) -> {
						// another module's analyzer that needs more than the environment
					});
		return analyzers.stream()
			.filter(WaiterBindFailureAnalyzer.class::isInstance)
			.findFirst()
			.orElseThrow()
			.analyze(failure);
	}

	@Test
	void aFileThatIsNoSocketIsNeitherDeletedNorBound() throws IOException {
		Path socket = Files.writeString(this.directory.resolve("plain.txt"), "keep me");
		runner(socket).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure(), WaiterBindException.class)).hasMessageContaining("no socket");
		});
		assertThat(socket).hasContent("keep me");
	}

	@Test
	void permissionsThatAreNotAsLsShowsThemAreRefusedAtStartUp() {
		runner(this.directory.resolve("bad.sock"), "waiter.unix-socket-permissions=0660").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class).getName())
				.isEqualTo("waiter.unix-socket-permissions");
		});
	}

	@Test
	void tlsOverAUnixSocketIsRefusedAtStartUpSayingSo() {
		runner(this.directory.resolve("tls.sock"), "waiter.ssl.enabled=true", "waiter.ssl.bundle=none")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class))
					.hasMessageContaining("TLS over a Unix domain socket is not supported");
			});
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
	}

}
