package dev.waiter.test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A throwaway server key store for the test client's TLS tests, made by the JDK's keytool. */
final class TestKeystores {

	private TestKeystores() {
	}

	/**
	 * Writes a PKCS12 store (password {@code secret}, alias {@code server}) with a
	 * self-signed EC certificate for 127.0.0.1, valid one day.
	 */
	static Path selfSigned(Path keystore) throws Exception {
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
				"-ext", "SAN=ip:127.0.0.1", "-validity", "1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
				"-storepass", "secret", "-keypass", "secret")
			.redirectErrorStream(true)
			.start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		return keystore;
	}

}
