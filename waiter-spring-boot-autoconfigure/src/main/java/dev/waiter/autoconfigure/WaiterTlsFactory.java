package dev.waiter.autoconfigure;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.waiter.autoconfigure.WaiterSslProperties.ServerNameBundle;
import dev.waiter.server.tls.ServerNames;
import dev.waiter.server.tls.WaiterTls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * Turns {@code waiter.ssl.*} into the server's {@link WaiterTls}: from a named Spring Boot
 * SSL bundle or from the PEM shortcuts, with the certificates of the server-name bundles
 * (SNI), following each bundle's reloads ({@link ReloadingSslContext}). Runs once, on the
 * thread that creates the server bean; a reload runs on Boot's file-watcher thread.
 */
final class WaiterTlsFactory {

	private static final String SERVER_NAME_BUNDLES = "waiter.ssl.server-name-bundles";

	private final @Nullable SslBundles bundles;

	WaiterTlsFactory(@Nullable SslBundles bundles) {
		this.bundles = bundles;
	}

	@Nullable WaiterTls create(WaiterSslProperties ssl) {
		validate(ssl);
		if (!ssl.isActive()) {
			return null;
		}
		String bundleName = ssl.getBundle();
		SslBundle defaults = (bundleName != null) ? bundle("waiter.ssl.bundle", bundleName) : pemBundle(ssl);
		List<ServerNameBundle> entries = ssl.getServerNameBundles();
		Map<String, SslBundle> named = new LinkedHashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			String name = Objects.requireNonNull(entries.get(i).bundle());
			if (!named.containsKey(name)) {
				named.put(name, bundle(SERVER_NAME_BUNDLES + "[" + i + "].bundle", name));
			}
		}
		ReloadingSslContext context = new ReloadingSslContext(defaults, bundleName, entries, named);
		Set<String> watched = new LinkedHashSet<>();
		if (bundleName != null) {
			watched.add(bundleName);
		}
		watched.addAll(named.keySet());
		SslBundles bundles = this.bundles;
		if (bundles != null) {
			watched.forEach((name) -> bundles.addBundleUpdateHandler(name, (updated) -> context.reloaded(name, updated)));
		}
		return new WaiterTls(context::socketFactory, ssl.getClientAuth(), ssl.getProtocols(), ssl.getCiphers(),
				ssl.getHandshakeTimeout());
	}

	private SslBundle bundle(String property, String name) {
		SslBundles bundles = this.bundles;
		if (bundles == null) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidConfigurationPropertyValueException(property, name, ex.getMessage());
		}
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
			if (!ssl.getServerNameBundles().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(SERVER_NAME_BUNDLES, ssl.getServerNameBundles(),
						"needs TLS on, with the certificate for other names: waiter.ssl.bundle or "
								+ "waiter.ssl.certificate with waiter.ssl.certificate-private-key");
			}
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
		validateServerNames(ssl.getServerNameBundles());
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

	private static void validateServerNames(List<ServerNameBundle> entries) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			ServerNameBundle entry = entries.get(i);
			String property = SERVER_NAME_BUNDLES + "[" + i + "]";
			String serverName = entry.serverName();
			if (serverName == null || serverName.isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property + ".server-name", serverName,
						"each entry needs a server-name (and a bundle)");
			}
			String invalid = ServerNames.invalidReason(serverName);
			if (invalid != null) {
				throw new InvalidConfigurationPropertyValueException(property + ".server-name", serverName, invalid
						+ " (a host name, or '*.' and a host name for one label more)");
			}
			if (!seen.add(serverName.toLowerCase(Locale.ROOT))) {
				throw new InvalidConfigurationPropertyValueException(property + ".server-name", serverName,
						"is given twice (names are matched case-insensitively)");
			}
			if (entry.bundle() == null || entry.bundle().isBlank()) {
				throw new InvalidConfigurationPropertyValueException(property + ".bundle", entry.bundle(),
						"each entry needs the name of an SSL bundle (spring.ssl.bundle.*)");
			}
		}
	}

}
