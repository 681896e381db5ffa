package dev.waiter.autoconfigure;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.waiter.autoconfigure.WaiterSslProperties.ServerNameBundle;
import dev.waiter.server.tls.ServerNameKeyManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;

/**
 * The server's current socket factory, from its default bundle and its server-name
 * bundles. Without server names it is the default bundle's own context; with them, one
 * context whose {@link ServerNameKeyManager} picks each client's certificate by the name it
 * asks for, and whose trust managers (for client certificates) are the default bundle's.
 * When one bundle reloads, the context is built again from it and the others as they were,
 * and the next connection gets it; one that does not build keeps the previous context.
 * Built on the thread creating the server; reloaded on Boot's file-watcher thread; read
 * on each connection's thread.
 */
final class ReloadingSslContext {

	private static final Logger logger = LoggerFactory.getLogger(ReloadingSslContext.class);

	private static final String ENTRIES = "waiter.ssl.server-name-bundles";

	private final @Nullable String defaultName;

	private final List<ServerNameBundle> entries;

	/** Guarded by this. */
	private SslBundle defaults;

	/** The current bundle of each server-name bundle's name; guarded by this. */
	private final Map<String, SslBundle> named;

	private volatile SSLSocketFactory socketFactory;

	/**
	 * Builds the first context.
	 * @param defaults the default bundle
	 * @param defaultName its name, {@code null} for the PEM properties (which do not reload)
	 * @param entries the validated server-name entries
	 * @param named the bundle of each name the entries use
	 * @throws InvalidConfigurationPropertyValueException if a bundle has no key to serve
	 */
	ReloadingSslContext(SslBundle defaults, @Nullable String defaultName, List<ServerNameBundle> entries,
			Map<String, SslBundle> named) {
		this.defaultName = defaultName;
		this.entries = List.copyOf(entries);
		this.defaults = defaults;
		this.named = new HashMap<>(named);
		this.socketFactory = build(defaults, this.named);
	}

	SSLSocketFactory socketFactory() {
		return this.socketFactory;
	}

	/**
	 * Takes a bundle's new content: the next connection uses it.
	 * @param name the bundle's name
	 * @param updated its content now
	 */
	synchronized void reloaded(String name, SslBundle updated) {
		SslBundle defaults = name.equals(this.defaultName) ? updated : this.defaults;
		Map<String, SslBundle> named = new HashMap<>(this.named);
		named.replace(name, updated);
		try {
			this.socketFactory = build(defaults, named);
			this.defaults = defaults;
			this.named.putAll(named);
			logger.info("Waiter reloaded SSL bundle '{}': the next connections use it", name);
		}
		catch (RuntimeException ex) {
			logger.warn("Waiter keeps its previous certificates: reloaded SSL bundle '{}' cannot serve: {}", name,
					ex.getMessage());
		}
	}

	private SSLSocketFactory build(SslBundle defaults, Map<String, SslBundle> named) {
		if (this.entries.isEmpty()) {
			return defaults.createSslContext().getSocketFactory();
		}
		Map<String, X509ExtendedKeyManager> byServerName = new LinkedHashMap<>();
		for (int i = 0; i < this.entries.size(); i++) {
			String bundle = Objects.requireNonNull(this.entries.get(i).bundle());
			byServerName.put(Objects.requireNonNull(this.entries.get(i).serverName()),
					keyManager(Objects.requireNonNull(named.get(bundle)), ENTRIES + "[" + i + "].bundle", bundle));
		}
		X509ExtendedKeyManager defaultManager = (this.defaultName != null)
				? keyManager(defaults, "waiter.ssl.bundle", this.defaultName)
				: keyManager(defaults, "waiter.ssl.certificate", "(PEM)");
		try {
			SSLContext context = SSLContext.getInstance(defaults.getProtocol());
			context.init(new KeyManager[] { new ServerNameKeyManager(defaultManager, byServerName) },
					defaults.getManagers().getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create the SSL context: " + ex.getMessage(), ex);
		}
	}

	private static X509ExtendedKeyManager keyManager(SslBundle bundle, String property, String name) {
		if (bundle.getStores().getKeyStore() == null) {
			throw new InvalidConfigurationPropertyValueException(property, name,
					"the bundle has no key store, so no certificate to serve");
		}
		for (KeyManager manager : bundle.getManagers().getKeyManagers()) {
			if (manager instanceof X509ExtendedKeyManager x509) {
				return x509;
			}
		}
		throw new InvalidConfigurationPropertyValueException(property, name, "the bundle has no X.509 key manager");
	}

}
