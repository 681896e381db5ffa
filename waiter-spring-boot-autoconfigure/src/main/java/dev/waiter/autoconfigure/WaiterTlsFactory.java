package dev.waiter.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocketFactory;

import dev.waiter.server.tls.WaiterTls;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Turns {@code waiter.ssl.*} into the server's {@link WaiterTls}: from a named Spring Boot
 * SSL bundle (following its reloads) or from the PEM shortcuts. Runs once, on the thread
 * that creates the server bean; a reload runs on Boot's file-watcher thread.
 */
final class WaiterTlsFactory {

	private static final Logger logger = LoggerFactory.getLogger(WaiterTlsFactory.class);

	private final @Nullable SslBundles bundles;

	WaiterTlsFactory(@Nullable SslBundles bundles) {
		this.bundles = bundles;
	}

	@Nullable WaiterTls create(WaiterSslProperties ssl) {
		validate(ssl);
		if (!ssl.isActive()) {
			return null;
		}
		AtomicReference<SSLSocketFactory> factory = new AtomicReference<>();
		String bundleName = ssl.getBundle();
		if (bundleName != null) {
			SslBundles bundles = this.bundles;
			if (bundles == null) {
				throw new InvalidConfigurationPropertyValueException("waiter.ssl.bundle", bundleName,
						"no SSL bundles are configured (spring.ssl.bundle.*)");
			}
			try {
				factory.set(bundles.getBundle(bundleName).createSslContext().getSocketFactory());
				bundles.addBundleUpdateHandler(bundleName, (updated) -> {
					factory.set(updated.createSslContext().getSocketFactory());
					logger.info("Waiter reloaded SSL bundle '{}': the next connections use it", bundleName);
				});
			}
			catch (NoSuchSslBundleException ex) {
				throw new InvalidConfigurationPropertyValueException("waiter.ssl.bundle", bundleName, ex.getMessage());
			}
		}
		else {
			factory.set(pemBundle(ssl).createSslContext().getSocketFactory());
		}
		return new WaiterTls(factory::get, ssl.getClientAuth(), ssl.getProtocols(), ssl.getCiphers(),
				ssl.getHandshakeTimeout());
	}

	private static SslBundle pemBundle(WaiterSslProperties ssl) {
		PemSslStoreDetails key = new PemSslStoreDetails(null, ssl.getCertificate(), ssl.getCertificatePrivateKey())
			.withPrivateKeyPassword(ssl.getPrivateKeyPassword());
		String trust = ssl.getTrustCertificate();
		PemSslStoreDetails trusted = (trust != null) ? PemSslStoreDetails.forCertificates(trust) : null;
		try {
			return SslBundle.of(new PemSslStoreBundle(key, trusted));
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationPropertyValueException("waiter.ssl.certificate", ssl.getCertificate(),
					"cannot load the PEM certificate, key or trust certificate: " + ex.getMessage());
		}
	}

	static void validate(WaiterSslProperties ssl) {
		boolean bundle = ssl.getBundle() != null;
		boolean pem = ssl.getCertificate() != null || ssl.getCertificatePrivateKey() != null
				|| ssl.getTrustCertificate() != null;
		if (bundle && pem) {
			throw new InvalidConfigurationPropertyValueException("waiter.ssl.bundle", ssl.getBundle(),
					"set either waiter.ssl.bundle or the PEM properties (waiter.ssl.certificate, "
							+ "waiter.ssl.certificate-private-key, waiter.ssl.trust-certificate), not both");
		}
		if (!ssl.isActive()) {
			return;
		}
		if (!bundle && ssl.getCertificate() == null) {
			throw new InvalidConfigurationPropertyValueException("waiter.ssl.enabled", true,
					"TLS needs waiter.ssl.bundle or waiter.ssl.certificate with waiter.ssl.certificate-private-key");
		}
		if (!bundle && ssl.getCertificatePrivateKey() == null) {
			throw new InvalidConfigurationPropertyValueException("waiter.ssl.certificate-private-key", null,
					"waiter.ssl.certificate needs its private key");
		}
		List<String> protocols = ssl.getProtocols();
		if (protocols.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("waiter.ssl.protocols", "", "must name a protocol");
		}
		if (!WaiterTls.isValidHandshakeTimeout(ssl.getHandshakeTimeout())) {
			throw new InvalidConfigurationPropertyValueException("waiter.ssl.handshake-timeout",
					ssl.getHandshakeTimeout(),
					"must be at least 1ms and at most " + WaiterTls.MAX_HANDSHAKE_TIMEOUT.toMillis()
							+ "ms (the longest socket read timeout)");
		}
	}

}
