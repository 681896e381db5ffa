package dev.waiter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.waiter.autoconfigure.WaiterAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The TLS tests' server: a recorder, a handler, and TLS from PEM files of a test certificate. */
public final class TlsContexts {

	private TlsContexts() {
	}

	/**
	 * A server on a free loopback port with TLS from {@code certificate}, written as PEM
	 * files {@code server.pem} and {@code server.key} into {@code directory}.
	 */
	public static ApplicationContextRunner withPemFiles(TestCertificates.Issued certificate, Path directory) {
		Path chain = directory.resolve("server.pem");
		Path key = directory.resolve("server.key");
		try {
			certificate.writePem(chain, key);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WaiterAutoConfiguration.class))
			.withBean(EventRecorder.class)
			.withBean(TestHandler.class)
			.withPropertyValues("waiter.port=0", "waiter.address=127.0.0.1", "waiter.ssl.enabled=true",
					"waiter.ssl.certificate=file:" + chain, "waiter.ssl.certificate-private-key=file:" + key);
	}

}
