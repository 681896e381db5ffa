package dev.waiter.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterProcessEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link WaiterTestClient#shutdownOutput()} and {@link WaiterTestClient#expectClosed()},
 * plain and over TLS: the check passes only when the server really closes, and a client
 * that half-closed can still read what the server sends after the end of its input.
 */
class WaiterTestClientCloseTests {

	/** How long a negative check waits for a close that does not come. */
	private static final Duration SHORT = Duration.ofMillis(500);

	@TempDir
	static Path directory;

	static Path keystore;

	/** Released at the end of each test, before the server stops: the handlers that hold a connection open wait on it. */
	private final CountDownLatch release = new CountDownLatch(1);

	@BeforeAll
	static void generateKeystore() throws Exception {
		keystore = TestKeystores.selfSigned(directory.resolve("server.p12"));
	}

	/** Runs the test against a started context, then lets go of any handler still holding its connection. */
	private void run(ApplicationContextRunner runner, ContextConsumer<AssertableApplicationContext> test) {
		runner.run((context) -> {
			try {
				test.accept(context);
			}
			finally {
				this.release.countDown();
			}
		});
	}

	private ApplicationContextRunner plain(Behaviour behaviour) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
			.withBean(Handler.class, () -> new Handler(behaviour))
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");
	}

	private ApplicationContextRunner tls(Behaviour behaviour, String protocol) {
		return plain(behaviour).withPropertyValues("spring.ssl.bundle.jks.server.keystore.location=file:" + keystore,
				"spring.ssl.bundle.jks.server.keystore.password=secret",
				"spring.ssl.bundle.jks.server.keystore.type=PKCS12", "waiter.ssl.bundle=server",
				"waiter.ssl.protocols=" + protocol);
	}

	/** Reads lines until the client's end of stream, answers how many, and returns: the server closes. */
	private static void countUntilEnd(WaiterConnection connection) throws IOException {
		int lines = 0;
		while (connection.readLine(100) != null) {
			lines++;
		}
		connection.writer().println("bye:" + lines);
	}

	/** Reads lines until the client's end of stream, then holds the connection open. */
	private void holdAfterEnd(WaiterConnection connection) throws Exception {
		while (connection.readLine(100) != null) {
			connection.writer().println("ok");
		}
		this.release.await(10, TimeUnit.SECONDS);
	}

	@Test
	void expectClosedFailsWhileThePlainServerKeepsTheConnectionOpen() {
		run(plain(this::holdAfterEnd), (context) -> {
			try (WaiterTestClient client = WaiterTestClient.connect(context.getBean(Waiter.class).getPort())) {
				client.sendLine("one").expectLine("ok").timeout(SHORT);
				assertThatExceptionOfType(AssertionError.class).isThrownBy(client::expectClosed)
					.withMessageContaining("stayed open");
				assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.shutdownOutput().expectClosed())
					.withMessageContaining("stayed open");
			}
		});
	}

	@Test
	void expectClosedFailsWhenTheServerSendsMoreInsteadOfClosing() {
		run(plain(WaiterTestClientCloseTests::countUntilEnd), (context) -> {
			try (WaiterTestClient client = WaiterTestClient.connect(context.getBean(Waiter.class).getPort())) {
				assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.shutdownOutput().expectClosed())
					.withMessageContaining("sent byte " + (int) 'b');
			}
		});
	}

	@Test
	void overTls13AHalfClosedClientStillReadsTheReplyAndThenTheClose() {
		run(tls(WaiterTestClientCloseTests::countUntilEnd, "TLSv1.3"), (context) -> {
			try (WaiterTestClient client = connectTls(context)) {
				client.sendLine("one").sendLine("two").shutdownOutput();
				assertThat(((SSLSocket) client.socket()).isClosed()).isFalse();
				client.expectLine("bye:2").expectClosed();
			}
		});
	}

	@Test
	void overTls13ExpectClosedFailsWhileTheServerKeepsTheConnectionOpenAfterTheClientsEnd() {
		run(tls(this::holdAfterEnd, "TLSv1.3"), (context) -> {
			try (WaiterTestClient client = connectTls(context)) {
				client.sendLine("one").expectLine("ok").timeout(SHORT);
				assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.shutdownOutput().expectClosed())
					.withMessageContaining("stayed open");
			}
		});
	}

	/**
	 * TLS 1.2 has no half-close: the JDK answers the client's close_notify with its own at
	 * once (RFC 5246, 7.2.1), whatever the handler does, so the client reads the end of
	 * the stream and the server's handler can send nothing more.
	 */
	@Test
	void overTls12TheServersTlsLayerAnswersTheHalfCloseByClosingItsSendingSide() {
		run(tls(this::holdAfterEnd, "TLSv1.2"), (context) -> {
			try (WaiterTestClient client = connectTls(context)) {
				assertThat(((SSLSocket) client.socket()).getSession().getProtocol()).isEqualTo("TLSv1.2");
				client.sendLine("one").expectLine("ok").shutdownOutput().expectClosed();
				assertThat(context.getBean(Waiter.class).getActiveConnections()).as("the handler still holds it")
					.isEqualTo(1);
			}
		});
	}

	private static WaiterTestClient connectTls(ApplicationContext context) {
		return WaiterTestClient.connectTls(context.getBean(Waiter.class).getPort(),
				context.getBean(SslBundles.class).getBundle("server"));
	}

	@FunctionalInterface
	interface Behaviour {

		void serve(WaiterConnection connection) throws Exception;

	}

	static class Handler {

		private final Behaviour behaviour;

		Handler(Behaviour behaviour) {
			this.behaviour = behaviour;
		}

		@EventListener
		void onProcess(WaiterProcessEvent event) throws Exception {
			this.behaviour.serve(event.getConnection());
		}

	}

}
