package dev.waiter.tls;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TlsContexts;
import dev.waiter.support.TestCertificates.Issued;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS connections closed from another thread while their handler is stuck writing, and
 * the cipher suites a server offers by default.
 */
class TlsEdgeCasesTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter edge CA");

	private static final Issued server = authority.issue("127.0.0.1");

	@TempDir
	static Path directory;

	private ApplicationContextRunner tls() {
		return TlsContexts.withPemFiles(server, directory);
	}

	@Test
	void stopAllConnectionsReturnsPromptlyWhileAHandlerIsBlockedWritingToATlsClientThatStoppedReading() {
		tls().run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			CountDownLatch writing = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				byte[] chunk = new byte[64 * 1024];
				writing.countDown();
				for (int i = 0; i < 10_000; i++) {
					connection.output().write(chunk);
				}
			});
			try (SSLSocket client = TestCertificates.connect(authority.clientContext(), waiter.getPort())) {
				assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
				EventRecorder recorder = context.getBean(EventRecorder.class);
				org.awaitility.Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(200))
					.until(new BlockedWriter(waiter));
				CompletableFuture<Void> stop = CompletableFuture.runAsync(waiter::stopAllConnections);
				assertThat(stop).succeedsWithin(Duration.ofSeconds(3));
				WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.CLOSED);
			}
		});
	}

	@Test
	void anImmediateStopReturnsPromptlyWhileAHandlerIsBlockedWritingToATlsClientThatStoppedReading() {
		tls().withPropertyValues("waiter.shutdown=immediate").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			context.getBean(TestHandler.class).set((connection) -> {
				byte[] chunk = new byte[64 * 1024];
				for (int i = 0; i < 10_000; i++) {
					connection.output().write(chunk);
				}
			});
			try (SSLSocket client = TestCertificates.connect(authority.clientContext(), waiter.getPort())) {
				org.awaitility.Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(200))
					.until(new BlockedWriter(waiter));
				dev.waiter.server.WaiterServer lifecycle = context.getBean(dev.waiter.server.WaiterServer.class);
				CompletableFuture<Void> stop = CompletableFuture.runAsync(lifecycle::stop);
				assertThat(stop).succeedsWithin(Duration.ofSeconds(3));
			}
		});
	}

	/** True once the only connection's sent bytes stop growing: its handler is parked in a write. */
	private static final class BlockedWriter implements java.util.concurrent.Callable<Boolean> {

		private final Waiter waiter;

		private long last = -1;

		BlockedWriter(Waiter waiter) {
			this.waiter = waiter;
		}

		@Override
		public Boolean call() {
			if (this.waiter.connections().isEmpty()) {
				return false;
			}
			long sent = this.waiter.connections().get(0).bytesSent();
			boolean stalled = sent > 0 && sent == this.last;
			this.last = sent;
			return stalled;
		}

	}

	@Test
	void tls12OffersOnlyAeadCipherSuitesByDefault() throws Exception {
		tls().run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			assertThat(openssl(port, "ECDHE-ECDSA-AES128-SHA")).as("CBC with SHA-1").isFalse();
			assertThat(openssl(port, "ECDHE-ECDSA-AES128-SHA256")).as("CBC with SHA-256").isFalse();
			assertThat(openssl(port, "ECDHE-ECDSA-AES256-SHA384")).as("CBC with SHA-384").isFalse();
			assertThat(openssl(port, "ECDHE-ECDSA-AES128-GCM-SHA256")).as("AES-GCM").isTrue();
			assertThat(openssl(port, "ECDHE-ECDSA-CHACHA20-POLY1305")).as("ChaCha20-Poly1305").isTrue();
		});
	}

	@Test
	void configuredCiphersReplaceTheDefaultList() throws Exception {
		tls().withPropertyValues("waiter.ssl.protocols=TLSv1.2",
				"waiter.ssl.ciphers=TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA").run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			assertThat(openssl(port, "ECDHE-ECDSA-AES128-SHA")).isTrue();
			assertThat(openssl(port, "ECDHE-ECDSA-AES128-GCM-SHA256")).isFalse();
		});
	}

	/** Whether openssl completes a TLS 1.2 handshake offering only the given suite. */
	private static boolean openssl(int port, String cipher) throws Exception {
		Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
				"-cipher", cipher + ":@SECLEVEL=0")
			.redirectErrorStream(true)
			.start();
		try (OutputStream in = openssl.getOutputStream()) {
			in.write("hi\n".getBytes(StandardCharsets.US_ASCII));
		}
		String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return output.contains("Cipher is " + cipher) && !output.contains("Cipher is (NONE)");
	}

}
