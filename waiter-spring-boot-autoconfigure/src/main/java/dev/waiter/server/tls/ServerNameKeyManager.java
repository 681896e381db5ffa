package dev.waiter.server.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import org.jspecify.annotations.Nullable;

/**
 * Picks the server's certificate by the name the client asked for (SNI): the JDK's
 * SSLSocket knows its SSLContext before it reads the client's hello, so the choice is made
 * here, in the one key manager of that context, when the handshake asks for the server's
 * alias: the requested host name is on the handshake session by then. A name with its own
 * key manager gets only that one's aliases (none, if it has no key for the key type asked,
 * so the JDK tries the client's next type rather than showing another name's
 * certificate); any other name, or none, gets the default's. Aliases carry the index of
 * their key manager ({@code 2:waiter}), so that the key and chain lookups that follow reach
 * the same one.
 * <p>
 * Immutable; called on the handshaking connection's thread. A reload builds a new one.
 */
public final class ServerNameKeyManager extends X509ExtendedKeyManager {

	private final List<X509ExtendedKeyManager> managers = new ArrayList<>();

	private final ServerNames<Integer> names;

	/**
	 * Creates the key manager.
	 * @param defaultManager the key manager for clients asking for no name, or for one not
	 * in {@code byName}
	 * @param byName the key manager of each server name, a name being a host name or
	 * {@code *.} followed by one (see {@link ServerNames})
	 * @throws IllegalArgumentException if a name is not a valid pattern
	 */
	public ServerNameKeyManager(X509ExtendedKeyManager defaultManager, Map<String, X509ExtendedKeyManager> byName) {
		this.managers.add(defaultManager);
		ServerNames.Builder<Integer> builder = ServerNames.builder();
		byName.forEach((name, manager) -> {
			builder.add(name, this.managers.size());
			this.managers.add(manager);
		});
		this.names = builder.build();
	}

	@Override
	public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
		SSLSession handshake = (socket instanceof SSLSocket ssl) ? ssl.getHandshakeSession() : null;
		int index = managerFor(handshake);
		return prefixed(index, this.managers.get(index).chooseServerAlias(keyType, issuers, socket));
	}

	@Override
	public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		SSLSession handshake = (engine != null) ? engine.getHandshakeSession() : null;
		int index = managerFor(handshake);
		return prefixed(index, this.managers.get(index).chooseEngineServerAlias(keyType, issuers, engine));
	}

	private int managerFor(@Nullable SSLSession handshake) {
		String requested = RequestedServerName.of(handshake);
		Integer index = (requested != null) ? this.names.find(requested) : null;
		return (index != null) ? index : 0;
	}

	@Override
	public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
		List<String> aliases = new ArrayList<>();
		for (int index = 0; index < this.managers.size(); index++) {
			String[] own = this.managers.get(index).getServerAliases(keyType, issuers);
			if (own != null) {
				for (String alias : own) {
					aliases.add(prefixed(index, alias));
				}
			}
		}
		return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
	}

	@Override
	public X509Certificate @Nullable [] getCertificateChain(@Nullable String alias) {
		int index = indexOf(alias);
		return (alias == null || index < 0) ? null : this.managers.get(index).getCertificateChain(unprefixed(alias));
	}

	@Override
	public @Nullable PrivateKey getPrivateKey(@Nullable String alias) {
		int index = indexOf(alias);
		return (alias == null || index < 0) ? null : this.managers.get(index).getPrivateKey(unprefixed(alias));
	}

	/** A server has no client certificate to show. */
	@Override
	public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
		return null;
	}

	@Override
	public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable Socket socket) {
		return null;
	}

	@Override
	public @Nullable String chooseEngineClientAlias(String[] keyType, Principal @Nullable [] issuers,
			@Nullable SSLEngine engine) {
		return null;
	}

	private static @Nullable String prefixed(int index, @Nullable String alias) {
		return (alias != null) ? index + ":" + alias : null;
	}

	private int indexOf(@Nullable String alias) {
		int colon = (alias != null) ? alias.indexOf(':') : -1;
		if (alias == null || colon <= 0) {
			return -1;
		}
		try {
			int index = Integer.parseInt(alias.substring(0, colon));
			return (index < this.managers.size()) ? index : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String unprefixed(String alias) {
		return alias.substring(alias.indexOf(':') + 1);
	}

}
