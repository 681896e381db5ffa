package dev.waiter.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.waiter.Waiter;
import dev.waiter.support.Clients;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestCertificates.Issued;
import dev.waiter.support.TestHandler;
import dev.waiter.support.TlsContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code waiter.ssl.server-name-bundles}: the certificate by the client's SNI name, seen
 * by {@code openssl s_client -servername} and by a JDK client, the name on the connection,
 * a reload of one name's bundle, and the configurations start-up refuses.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerNameBundlesTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter SNI test CA");

	private static final Issued defaults = authority.issue("certificate-for-others");

	private static final Issued alpha = authority.issue("certificate-for-alpha");

	private static final Issued beta = authority.issue("certificate-for-beta");

	private static final Issued wild = authority.issue("certificate-for-wild");

	@TempDir
	static Path directory;

	private static Path ca;

	@BeforeAll
	static void writeCertificates() throws IOException {
		ca = directory.resolve("ca.pem");
		Files.writeString(ca, authority.authorityPem());
		for (var entry : List.of(List.of("alpha", alpha), List.of("beta", beta), List.of("wild", wild))) {
			Path bundle = Files.createDirectories(directory.resolve((String) entry.get(0)));
			((Issued) entry.get(1)).writePem(bundle.resolve("cert.pem"), bundle.resolve("key.pem"));
		}
	}

	/** A server with the PEM shortcut's default certificate and the alpha, beta and wild bundles. */
	private static ApplicationContextRunner server(String prefix, String... names) {
		List<String> properties = new ArrayList<>();
		for (String bundle : List.of("alpha", "beta", "wild")) {
			properties.add(bundleProperty(bundle, "keystore.certificate", "cert.pem"));
			properties.add(bundleProperty(bundle, "keystore.private-key", "key.pem"));
		}
		for (int i = 0; i < names.length; i += 2) {
			properties.add(prefix + ".ssl.server-name-bundles[" + (i / 2) + "].server-name=" + names[i]);
			properties.add(prefix + ".ssl.server-name-bundles[" + (i / 2) + "].bundle=" + names[i + 1]);
		}
		return TlsContexts.withPemFiles(defaults, directory)
			.withPropertyValues(properties.toArray(String[]::new));
	}

	private static String bundleProperty(String bundle, String key, String file) {
		return "spring.ssl.bundle.pem." + bundle + "." + key + "=file:" + directory.resolve(bundle).resolve(file);
	}

	private static ApplicationContextRunner alphaAndBeta() {
		return server("waiter", "alpha.test", "alpha", "beta.test", "beta");
	}

	@Test
	void eachOfTwoServerNamesGetsItsOwnCertificateFromOpensslAndTheHandlerSeesTheName() {
		alphaAndBeta().run((context) -> {
			context.getBean(TestHandler.class).set(ServerNameBundlesTests::echoServerName);
			int port = context.getBean(Waiter.class).getPort();
			String toAlpha = sClient(port, "-servername", "alpha.test");
			assertThat(toAlpha).contains("certificate-for-alpha").doesNotContain("certificate-for-beta")
				.contains("name:alpha.test");
			String toBeta = sClient(port, "-servername", "beta.test");
			assertThat(toBeta).contains("certificate-for-beta").doesNotContain("certificate-for-alpha")
				.contains("name:beta.test");
		});
	}

	@Test
	void anUnknownNameAndNoNameGetTheDefaultCertificateFromOpenssl() {
		alphaAndBeta().run((context) -> {
			context.getBean(TestHandler.class).set(ServerNameBundlesTests::echoServerName);
			int port = context.getBean(Waiter.class).getPort();
			assertThat(sClient(port, "-servername", "gamma.test")).contains("certificate-for-others")
				.contains("name:gamma.test");
			assertThat(sClient(port, "-noservername")).contains("certificate-for-others").contains("name:null");
		});
	}

	@Test
	void aJdkClientSettingSniHostNameGetsThatNamesCertificateMatchedCaseInsensitivelyAndByWildcard() {
		server("waiter", "Alpha.Test", "alpha", "*.wild.test", "wild", "exact.wild.test", "beta").run((context) -> {
			context.getBean(TestHandler.class).set(ServerNameBundlesTests::echoServerName);
			int port = context.getBean(Waiter.class).getPort();
			assertThat(jdkClient(port, "ALPHA.test")).isEqualTo("certificate-for-alpha name:alpha.test");
			assertThat(jdkClient(port, "one.wild.test")).isEqualTo("certificate-for-wild name:one.wild.test");
			assertThat(jdkClient(port, "exact.wild.test")).isEqualTo("certificate-for-beta name:exact.wild.test");
			assertThat(jdkClient(port, "two.one.wild.test")).isEqualTo("certificate-for-others name:two.one.wild.test");
			assertThat(jdkClient(port, "wild.test")).isEqualTo("certificate-for-others name:wild.test");
			assertThat(jdkClient(port, null)).isEqualTo("certificate-for-others name:null");
		});
	}

	@Test
	void aNamedServerTakesItsOwnServerNameBundles() {
		server("waiter.servers.extra", "beta.test", "beta")
			.withPropertyValues("waiter.servers.extra.port=0", "waiter.servers.extra.address=127.0.0.1",
					"waiter.servers.extra.ssl.certificate=file:" + directory.resolve("alpha").resolve("cert.pem"),
					"waiter.servers.extra.ssl.certificate-private-key=file:" + directory.resolve("alpha").resolve("key.pem"))
			.run((context) -> {
				context.getBean(TestHandler.class).set(ServerNameBundlesTests::echoServerName);
				int extra = context.getBean("waiterServer-extra", Waiter.class).getPort();
				assertThat(jdkClient(extra, "beta.test")).isEqualTo("certificate-for-beta name:beta.test");
				assertThat(jdkClient(extra, "other.test")).isEqualTo("certificate-for-alpha name:other.test");
				int main = context.getBean("waiterServer", Waiter.class).getPort();
				assertThat(jdkClient(main, "beta.test")).isEqualTo("certificate-for-others name:beta.test");
			});
	}

	@Test
	void aReloadedBundleOfOneNameIsUsedByTheNextConnectionWhileTheOtherNameKeepsItsCertificate() throws Exception {
		Path reload = Files.createDirectories(directory.resolve("reload"));
		Issued first = authority.issue("certificate-for-reloading-first");
		first.writePem(reload.resolve("cert.pem"), reload.resolve("key.pem"));
		server("waiter", "alpha.test", "alpha", "reload.test", "reload")
			.withPropertyValues(bundleProperty("reload", "keystore.certificate", "cert.pem"),
					bundleProperty("reload", "keystore.private-key", "key.pem"),
					"spring.ssl.bundle.pem.reload.reload-on-update=true",
					"spring.ssl.bundle.watch.file.quiet-period=100ms")
			.run((context) -> {
				context.getBean(TestHandler.class).set(ServerNameBundlesTests::echoServerName);
				int port = context.getBean(Waiter.class).getPort();
				assertThat(jdkClient(port, "reload.test")).startsWith("certificate-for-reloading-first ");
				Issued second = authority.issue("certificate-for-reloading-second");
				second.writePem(reload.resolve("cert.pem"), reload.resolve("key.pem"));
				await().atMost(Duration.ofSeconds(30))
					.until(() -> jdkClient(port, "reload.test").startsWith("certificate-for-reloading-second "));
				assertThat(sClient(port, "-servername", "reload.test")).contains("certificate-for-reloading-second");
				assertThat(jdkClient(port, "alpha.test")).isEqualTo("certificate-for-alpha name:alpha.test");
				assertThat(jdkClient(port, "other.test")).isEqualTo("certificate-for-others name:other.test");
			});
	}

	/**
	 * openssl offers the session it saved for alpha.test when asking for beta.test; without
	 * an SNI matcher on the server's sockets the JDK resumed it (on TLS 1.2 and 1.3), so the
	 * client got alpha's certificate and the handler saw alpha.test. (A JDK client cannot
	 * show it: resuming, it asks for the session's own names again.)
	 */
	@Test
	void aSessionMadeForOneNameIsNotResumedUnderAnother() {
		alphaAndBeta().run((context) -> {
			context.getBean(TestHandler.class).set(ServerNameBundlesTests::echoServerName);
			int port = context.getBean(Waiter.class).getPort();
			for (String protocol : List.of("-tls1_2", "-tls1_3")) {
				Path session = directory.resolve("session" + protocol);
				assertThat(sClient(port, protocol, "-servername", "alpha.test", "-sess_out", session.toString()))
					.contains("certificate-for-alpha");
				assertThat(sClient(port, protocol, "-servername", "beta.test", "-sess_in", session.toString()))
					.as(protocol)
					.contains("certificate-for-beta")
					.contains("name:beta.test");
			}
		});
	}

	private static void echoServerName(dev.waiter.WaiterConnection connection) throws IOException {
		connection.readLine(100);
		connection.writer().println("name:" + connection.sslServerName());
	}

	/**
	 * Runs {@code openssl s_client}, sends a line and returns all it printed: the verified
	 * chain's subjects (its verify callback's {@code depth=0 CN = ...}) and the reply.
	 */
	private static String sClient(int port, String... serverName) throws Exception {
		List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
				"-CAfile", ca.toString(), "-verify_return_error", "-quiet"));
		command.addAll(List.of(serverName));
		Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (OutputStream in = openssl.getOutputStream()) {
			in.write("hello\n".getBytes(StandardCharsets.US_ASCII));
		}
		String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
		assertThat(openssl.exitValue()).as(output).isZero();
		return output;
	}

	/** Connects with the JDK, asking for the name; returns the certificate's CN and the reply. */
	private static String jdkClient(int port, @Nullable String serverName) throws IOException {
		return jdkClient(authority.clientContext(), "TLSv1.3", port, serverName);
	}

	private static String jdkClient(SSLContext client, String protocol, int port, @Nullable String serverName)
			throws IOException {
		try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setProtocols(new String[] { protocol });
			parameters.setServerNames((serverName != null) ? List.of(new SNIHostName(serverName)) : List.of());
			socket.setSSLParameters(parameters);
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
			socket.setSoTimeout(Clients.TIMEOUT_MILLIS);
			socket.startHandshake();
			X509Certificate seen = (X509Certificate) socket.getSession().getPeerCertificates()[0];
			PrintWriter writer = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
			writer.print("hello\n");
			writer.flush();
			String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			return seen.getSubjectX500Principal().getName().replace("CN=", "") + " " + reply;
		}
	}

}
