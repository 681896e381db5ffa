package dev.waiter.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.waiter.Waiter;
import dev.waiter.server.tls.WaiterClientAuth;
import dev.waiter.server.tls.WaiterTls;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TestCertificates.Issued;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WaiterPropertiesTests {

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter properties CA");

	@Test
	void theDefaultsPassValidation() {
		WaiterSettingsFactory.validate(new WaiterProperties());
	}

	@Test
	void aHandshakeTimeoutLongerThanASocketTimeoutCanHoldStopsStartUpNamingThePropertyAndTheValue(
			@TempDir Path directory) throws IOException {
		tls(directory).withPropertyValues("waiter.ssl.handshake-timeout=2147483648ms").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.ssl.handshake-timeout")
				.hasMessageContaining(Duration.ofMillis(2147483648L).toString())
				.hasMessageContaining("at most 2147483647ms");
		});
		tls(directory).withPropertyValues("waiter.ssl.handshake-timeout=200000000000d")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("waiter.ssl.handshake-timeout"));
	}

	@Test
	void theLongestHandshakeTimeoutASocketTimeoutCanHoldStillServesTlsClients(@TempDir Path directory)
			throws IOException {
		tls(directory).withPropertyValues("waiter.ssl.handshake-timeout=2147483647ms").run((context) -> {
			assertThat(context).hasNotFailed();
			try (SSLSocket socket = TestCertificates.connect(authority.clientContext(), context.getBean(Waiter.class).getPort())) {
				socket.getOutputStream().write("long\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(new String(socket.getInputStream().readNBytes("echo:long\n".length()),
						StandardCharsets.US_ASCII)).isEqualTo("echo:long\n");
			}
		});
	}

	@Test
	void serverTlsSettingsBuiltInCodeRefuseAHandshakeTimeoutNoSocketTimeoutCanHold() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WaiterTls(() -> null, WaiterClientAuth.NONE, List.of("TLSv1.3"),
					null, Duration.ofMillis(Integer.MAX_VALUE + 1L)))
			.withMessageContaining("handshake timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WaiterTls(() -> null, WaiterClientAuth.NONE, List.of("TLSv1.3"),
					null, Duration.ZERO));
	}

	private static ApplicationContextRunner tls(Path directory) throws IOException {
		Issued server = authority.issue("127.0.0.1");
		Path certificate = directory.resolve("server.pem");
		Path key = directory.resolve("server.key");
		server.writePem(certificate, key);
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
			.withBean(EventRecorder.class)
			.withBean(TestHandler.class)
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1", "waiter.ssl.certificate=file:" + certificate,
					"waiter.ssl.certificate-private-key=file:" + key);
	}

}
