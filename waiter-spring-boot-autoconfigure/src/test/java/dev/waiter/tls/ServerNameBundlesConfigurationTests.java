package dev.waiter.tls;

import java.io.IOException;
import java.nio.file.Path;

import dev.waiter.autoconfigure.WaiterAutoConfiguration;
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

/** The {@code server-name-bundles} configurations that stop start-up, each naming its property. */
class ServerNameBundlesConfigurationTests {

	private static final Issued certificate = TestCertificates.newAuthority("waiter SNI config CA").issue("127.0.0.1");

	@TempDir
	static Path directory;

	private static String[] pem;

	@BeforeAll
	static void writeCertificate() throws IOException {
		certificate.writePem(directory.resolve("cert.pem"), directory.resolve("key.pem"));
		pem = new String[] { "spring.ssl.bundle.pem.alpha.keystore.certificate=file:" + directory.resolve("cert.pem"),
				"spring.ssl.bundle.pem.alpha.keystore.private-key=file:" + directory.resolve("key.pem") };
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
		.withBean(EventRecorder.class)
		.withBean(TestHandler.class)
		.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1");

	private ApplicationContextRunner withTls(String... properties) {
		return this.contextRunner.withPropertyValues(pem)
			.withPropertyValues("waiter.ssl.bundle=alpha")
			.withPropertyValues(properties);
	}

	private static void failsNaming(ApplicationContextRunner runner, String property, String text) {
		runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().rootCause().hasMessageContaining(property).hasMessageContaining(text);
		});
	}

	@Test
	void anUnknownBundleStopsStartUpNamingTheEntry() {
		failsNaming(withTls("waiter.ssl.server-name-bundles[0].server-name=a.test",
				"waiter.ssl.server-name-bundles[0].bundle=missing"), "waiter.ssl.server-name-bundles[0].bundle",
				"missing");
	}

	@Test
	void anEntryWithoutServerNameStopsStartUp() {
		failsNaming(withTls("waiter.ssl.server-name-bundles[0].bundle=alpha"),
				"waiter.ssl.server-name-bundles[0].server-name", "needs a server-name");
	}

	@Test
	void anEntryWithoutBundleStopsStartUp() {
		failsNaming(withTls("waiter.ssl.server-name-bundles[0].server-name=a.test"),
				"waiter.ssl.server-name-bundles[0].bundle", "needs the name of an SSL bundle");
	}

	@Test
	void aNameGivenTwiceInAnotherCaseStopsStartUp() {
		failsNaming(withTls("waiter.ssl.server-name-bundles[0].server-name=a.test",
				"waiter.ssl.server-name-bundles[0].bundle=alpha", "waiter.ssl.server-name-bundles[1].server-name=A.Test",
				"waiter.ssl.server-name-bundles[1].bundle=alpha"), "waiter.ssl.server-name-bundles[1].server-name",
				"given twice");
	}

	@Test
	void aWildcardAnywhereButInFrontStopsStartUp() {
		failsNaming(withTls("waiter.ssl.server-name-bundles[0].server-name=a.*.test",
				"waiter.ssl.server-name-bundles[0].bundle=alpha"), "waiter.ssl.server-name-bundles[0].server-name",
				"wildcard");
	}

	@Test
	void serverNameBundlesWithoutTlsStopStartUp() {
		failsNaming(this.contextRunner.withPropertyValues(pem)
			.withPropertyValues("waiter.ssl.server-name-bundles[0].server-name=a.test",
					"waiter.ssl.server-name-bundles[0].bundle=alpha"),
				"waiter.ssl.server-name-bundles", "needs TLS on");
	}

	@Test
	void serverNameBundlesWithTlsSwitchedOffStopStartUp() {
		failsNaming(withTls("waiter.ssl.enabled=false", "waiter.ssl.server-name-bundles[0].server-name=a.test",
				"waiter.ssl.server-name-bundles[0].bundle=alpha"), "waiter.ssl.server-name-bundles", "needs TLS on");
	}

	@Test
	void aNamedServersBadEntryNamesItsOwnProperty() {
		failsNaming(this.contextRunner.withPropertyValues(pem)
			.withPropertyValues("waiter.servers.extra.port=0", "waiter.servers.extra.ssl.bundle=alpha",
					"waiter.servers.extra.ssl.server-name-bundles[0].server-name=a.test",
					"waiter.servers.extra.ssl.server-name-bundles[0].bundle=missing"),
				"waiter.servers.extra.ssl.server-name-bundles[0].bundle", "missing");
	}

}
