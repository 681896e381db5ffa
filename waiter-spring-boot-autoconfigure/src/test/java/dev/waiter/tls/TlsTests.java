package dev.waiter.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.autoconfigure.WaiterAutoConfiguration;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterSslErrorEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestCertificates.Issued;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class TlsTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter test CA");

	private static final Issued server = authority.issue("127.0.0.1");

	@TempDir
	static Path directory;

	static Path certificate;

	static Path key;

	static Path ca;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
		.withBean(EventRecorder.class)
		.withBean(TestHandler.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	@BeforeAll
	static void writeCertificates() throws IOException {
		certificate = directory.resolve("server.pem");
		key = directory.resolve("server.key");
		ca = directory.resolve("ca.pem");
		server.writePem(certificate, key);
		java.nio.file.Files.writeString(ca, authority.authorityPem());
	}

	private ApplicationContextRunner withPemFiles() {
		return this.contextRunner.withPropertyValues("waiter.ssl.enabled=true",
				"waiter.ssl.certificate=file:" + certificate, "waiter.ssl.certificate-private-key=file:" + key);
	}

	@Test
	void aJdkClientIsServedOverTlsWithThePemShortcuts() {
		withPemFiles().run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			assertThat(waiter.isSslInUse()).isTrue();
			context.getBean(TestHandler.class).set((connection) -> {
				assertThat(connection.isSsl()).isTrue();
				SSLSession session = connection.sslSession();
				connection.writer().println(session.getProtocol() + " " + connection.readLine(100));
			});
			assertThat(exchange(waiter.getPort(), "hello")).isEqualTo("TLSv1.3 hello");
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(exited.getBytesReceived()).isEqualTo("hello\n".length());
		});
	}

	@Test
	void inlinePemTextWorksAsWellAsFiles() {
		this.contextRunner
			.withPropertyValues("waiter.ssl.certificate=" + server.certificatePem(),
					"waiter.ssl.certificate-private-key=" + server.keyPem())
			.run((context) -> assertThat(exchange(context.getBean(Waiter.class).getPort(), "inline"))
				.isEqualTo("echo:inline"));
	}

	@Test
	void aPemSslBundleIsUsedByName() {
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.waiter.keystore.certificate=file:" + certificate,
					"spring.ssl.bundle.pem.waiter.keystore.private-key=file:" + key, "waiter.ssl.bundle=waiter")
			.run((context) -> assertThat(exchange(context.getBean(Waiter.class).getPort(), "pem bundle"))
				.isEqualTo("echo:pem bundle"));
	}

	@Test
	void aJksSslBundleIsUsedByName() throws IOException {
		Path store = directory.resolve("server.p12");
		server.writeKeyStore(store, "secret".toCharArray());
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.jks.waiter.keystore.location=file:" + store,
					"spring.ssl.bundle.jks.waiter.keystore.password=secret",
					"spring.ssl.bundle.jks.waiter.keystore.type=PKCS12", "waiter.ssl.bundle=waiter")
			.run((context) -> assertThat(exchange(context.getBean(Waiter.class).getPort(), "jks bundle"))
				.isEqualTo("echo:jks bundle"));
	}

	@Test
	void opensslSClientReadsTheReply() {
		withPemFiles().run((context) -> {
			Process openssl = new ProcessBuilder("openssl", "s_client", "-connect",
					"127.0.0.1:" + context.getBean(Waiter.class).getPort(), "-CAfile", ca.toString(), "-verify_return_error",
					"-quiet")
				.redirectErrorStream(false)
				.start();
			try (OutputStream in = openssl.getOutputStream()) {
				in.write("from openssl\n".getBytes(StandardCharsets.US_ASCII));
			}
			String reply = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(reply).isEqualTo("echo:from openssl\n");
		});
	}

	@Test
	void withClientAuthNeedAClientWithoutACertificateIsRefusedAndOneSignedByTheTrustedCaIsServed() {
		withPemFiles().withPropertyValues("waiter.ssl.client-auth=need", "waiter.ssl.trust-certificate=file:" + ca)
			.run((context) -> {
				int port = context.getBean(Waiter.class).getPort();
				EventRecorder recorder = context.getBean(EventRecorder.class);
				context.getBean(TestHandler.class).set((connection) -> {
					X509Certificate peer = (X509Certificate) connection.sslSession().getPeerCertificates()[0];
					connection.readLine(100);
					connection.writer().println(peer.getSubjectX500Principal().getName());
				});
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
					try (SSLSocket socket = TestCertificates.connect(authority.clientContext(), port)) {
						socket.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
						socket.getInputStream().read();
					}
				});
				await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterSslErrorEvent.class).size() == 1);
				assertThat(recorder.all(WaiterProcessEvent.class)).isEmpty();
				Issued client = authority.issue("trusted client");
				try (SSLSocket socket = TestCertificates.connect(authority.clientContext(client), port)) {
					assertThat(lineExchange(socket, "who")).isEqualTo("CN=trusted client");
				}
				Issued stranger = TestCertificates.newAuthority("other CA").issue("stranger");
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
					try (SSLSocket socket = TestCertificates.connect(authority.clientContext(stranger), port)) {
						lineExchange(socket, "who");
					}
				});
				await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterSslErrorEvent.class).size() == 2);
			});
	}

	@Test
	void hostileClientsEachGetAnSslErrorWhileARealClientIsServedAtOnce() {
		withPemFiles().withPropertyValues("waiter.ssl.handshake-timeout=3s").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			int port = waiter.getPort();
			List<Socket> silent = new ArrayList<>();
			try {
				for (int i = 0; i < 200; i++) {
					silent.add(Clients.connect(port));
				}
				sendAndClose(port, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				byte[] random = new byte[4096];
				new Random(42).nextBytes(random);
				sendAndClose(port, random);
				byte[] truncatedClientHello = { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03 };
				sendAndClose(port, truncatedClientHello);
				long started = System.nanoTime();
				assertThat(exchange(port, "real")).isEqualTo("echo:real");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
				assertThat(waiter.getActiveConnections()).isGreaterThanOrEqualTo(200);
				await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterSslErrorEvent.class).size() >= 3);
				await().atMost(Duration.ofSeconds(30)).until(() -> recorder.all(WaiterSslErrorEvent.class).size() == 203);
			}
			finally {
				silent.forEach(Clients::close);
			}
			List<WaiterWorkerExitedEvent> exited = recorder.awaitExited(204);
			assertThat(exited.stream().filter((event) -> event.getOutcome() == WaiterOutcome.SSL_ERROR)).hasSize(203);
			assertThat(recorder.all(WaiterClosingEvent.class)).hasSize(204);
			assertThat(recorder.all(WaiterProcessEvent.class)).hasSize(1);
		});
	}

	@Test
	void aClientDrippingItsHandshakeAByteAtATimeIsCutOffAtTheHandshakeTimeout() {
		withPemFiles().withPropertyValues("waiter.ssl.handshake-timeout=1s").run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			byte[] clientHelloStart = { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03 };
			long started = System.nanoTime();
			try (Socket socket = Clients.connect(context.getBean(Waiter.class).getPort())) {
				OutputStream out = socket.getOutputStream();
				for (int i = 0; i < 40 && recorder.all(WaiterSslErrorEvent.class).isEmpty(); i++) {
					out.write(clientHelloStart[i % clientHelloStart.length]);
					out.flush();
					Thread.sleep(200);
				}
			}
			catch (IOException ex) {
				// the server closed the dripping client: that is what this test waits for
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterSslErrorEvent.class).size() == 1);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			assertThat(recorder.all(WaiterSslErrorEvent.class).get(0).getException())
				.isInstanceOf(java.net.SocketTimeoutException.class);
		});
	}

	@Test
	void aClientOfferingOnlyTlsV11IsRefused() {
		withPemFiles().run((context) -> {
			Process openssl = new ProcessBuilder("openssl", "s_client", "-connect",
					"127.0.0.1:" + context.getBean(Waiter.class).getPort(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")
				.redirectErrorStream(true)
				.start();
			openssl.getOutputStream().close();
			String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(openssl.exitValue()).as(output).isNotZero();
			EventRecorder recorder = context.getBean(EventRecorder.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all(WaiterSslErrorEvent.class).size() == 1);
			assertThat(recorder.all(WaiterSslErrorEvent.class).get(0).getException()).hasMessageContaining("protocol");
		});
	}

	@Test
	void aReplacedCertificateBehindAReloadingBundleIsUsedByTheNextConnectionWithoutRestart() throws Exception {
		Path reloadDirectory = java.nio.file.Files.createDirectories(directory.resolve("reload"));
		Path reloadCertificate = reloadDirectory.resolve("cert.pem");
		Path reloadKey = reloadDirectory.resolve("key.pem");
		Issued first = authority.issue("127.0.0.1");
		first.writePem(reloadCertificate, reloadKey);
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.waiter.keystore.certificate=file:" + reloadCertificate,
					"spring.ssl.bundle.pem.waiter.keystore.private-key=file:" + reloadKey,
					"spring.ssl.bundle.pem.waiter.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=100ms",
					"waiter.ssl.bundle=waiter")
			.run((context) -> {
				int port = context.getBean(Waiter.class).getPort();
				assertThat(serialSeenBy(port)).isEqualTo(first.serial());
				Issued second = authority.issue("127.0.0.1");
				second.writePem(reloadCertificate, reloadKey);
				await().atMost(Duration.ofSeconds(30)).until(() -> second.serial().equals(serialSeenBy(port)));
				assertThat(context.getBean(Waiter.class).isListening()).isTrue();
			});
	}

	@Test
	void aBundleAndPemPropertiesTogetherStopStartUpNamingBoth() {
		this.contextRunner.withPropertyValues("waiter.ssl.bundle=waiter", "waiter.ssl.certificate=file:" + certificate)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.ssl.bundle")
					.hasMessageContaining("waiter.ssl.certificate");
			});
	}

	@Test
	void tlsEnabledWithNeitherBundleNorCertificateStopsStartUp() {
		this.contextRunner.withPropertyValues("waiter.ssl.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.ssl.enabled")
				.hasMessageContaining("waiter.ssl.bundle");
		});
	}

	@Test
	void anUnknownBundleStopsStartUpNamingIt() {
		this.contextRunner.withPropertyValues("waiter.ssl.bundle=missing").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining("waiter.ssl.bundle")
				.hasMessageContaining("missing");
		});
	}

	private static BigInteger serialSeenBy(int port) throws IOException {
		try (SSLSocket socket = TestCertificates.connect(authority.clientContext(), port)) {
			X509Certificate seen = (X509Certificate) socket.getSession().getPeerCertificates()[0];
			return seen.getSerialNumber();
		}
	}

	private static String exchange(int port, String line) throws IOException {
		try (SSLSocket socket = TestCertificates.connect(authority.clientContext(), port)) {
			return lineExchange(socket, line);
		}
	}

	private static String lineExchange(SSLSocket socket, String line) throws IOException {
		PrintWriter writer = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
		writer.print(line + "\n");
		writer.flush();
		BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		String reply = reader.readLine();
		if (reply == null) {
			throw new IOException("closed without a reply");
		}
		return reply;
	}

	private static void sendAndClose(int port, byte[] bytes) throws IOException {
		try (Socket socket = Clients.connect(port)) {
			socket.getOutputStream().write(bytes);
			socket.shutdownOutput();
			socket.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			// the server may reset a garbage client: that is its answer
		}
	}

}
