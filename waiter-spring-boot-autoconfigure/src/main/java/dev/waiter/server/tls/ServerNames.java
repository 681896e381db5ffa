package dev.waiter.server.tls;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Values by TLS server name, as {@code server-name-bundles} maps names to certificates.
 * A name is a host name, matched case-insensitively, or a wildcard {@code *.example.com},
 * which matches one label more ({@code a.example.com}, not {@code example.com} nor
 * {@code a.b.example.com}), as a certificate's wildcard does (RFC 6125); an exact name
 * wins over a wildcard. Immutable once built; read from any thread.
 */
public final class ServerNames<T> {

	private final Map<String, T> exact;

	private final Map<String, T> wildcards;

	private ServerNames(Map<String, T> exact, Map<String, T> wildcards) {
		this.exact = Map.copyOf(exact);
		this.wildcards = Map.copyOf(wildcards);
	}

	public static <T> Builder<T> builder() {
		return new Builder<>();
	}

	/**
	 * The value for a requested host name.
	 * @param host the name the client asked for
	 * @return the value of that name, else of the wildcard covering it, else {@code null}
	 */
	public @Nullable T find(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		T value = this.exact.get(name);
		int dot = name.indexOf('.');
		return (value != null || dot <= 0) ? value : this.wildcards.get(name.substring(dot + 1));
	}

	/**
	 * Why a server name cannot be matched, or {@code null} if it can.
	 * @param name a host name or {@code *.} and a host name
	 * @return the reason it is invalid, or {@code null}
	 */
	public static @Nullable String invalidReason(String name) {
		String host = name.startsWith("*.") ? name.substring(2) : name;
		if (host.isEmpty()) {
			return "must name a host";
		}
		if (host.contains("*")) {
			return "a wildcard is '*.' in front of a host name only";
		}
		if (host.startsWith(".") || host.endsWith(".") || host.contains("..") || host.contains(" ")) {
			return "is not a host name";
		}
		return null;
	}

	/** Collects the names; not thread-safe. */
	public static final class Builder<T> {

		private final Map<String, T> exact = new HashMap<>();

		private final Map<String, T> wildcards = new HashMap<>();

		private Builder() {
		}

		/**
		 * Adds a name.
		 * @throws IllegalArgumentException if the name is invalid or added already
		 */
		public Builder<T> add(String name, T value) {
			String reason = invalidReason(name);
			if (reason != null) {
				throw new IllegalArgumentException("Server name '" + name + "' " + reason);
			}
			String lower = name.toLowerCase(Locale.ROOT);
			Map<String, T> target = lower.startsWith("*.") ? this.wildcards : this.exact;
			if (target.putIfAbsent(lower.startsWith("*.") ? lower.substring(2) : lower, value) != null) {
				throw new IllegalArgumentException("Server name '" + name + "' is given twice");
			}
			return this;
		}

		public ServerNames<T> build() {
			return new ServerNames<>(this.exact, this.wildcards);
		}

	}

}
