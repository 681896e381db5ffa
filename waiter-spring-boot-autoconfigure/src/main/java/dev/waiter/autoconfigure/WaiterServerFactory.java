package dev.waiter.autoconfigure;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.waiter.RequestDecoder;
import dev.waiter.frame.Framing;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServer;
import dev.waiter.server.WaiterServerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Builds every waiter server of the application from its properties: the default one
 * ({@code waiter.*}) and each named one ({@code waiter.servers.<name>.*}), with TLS,
 * framing and the {@link WaiterServerCustomizer}s. A bad value of a named server is
 * reported under that server's own property name. Checks the names and that no two
 * servers want the same port. Runs on the thread that creates the server beans.
 */
final class WaiterServerFactory {

	static final String NAMED_PREFIX = "waiter.servers.";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

	private final WaiterProperties properties;

	private final ConfigurableEnvironment environment;

	private final ApplicationEventPublisher publisher;

	private final ObjectProvider<WaiterServerCustomizer> customizers;

	private final ObjectProvider<SslBundles> sslBundles;

	private final ObjectProvider<RequestDecoder<?>> decoders;

	WaiterServerFactory(WaiterProperties properties, ConfigurableEnvironment environment,
			ApplicationEventPublisher publisher, ObjectProvider<WaiterServerCustomizer> customizers,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<RequestDecoder<?>> decoders) {
		this.decoders = decoders;
		this.properties = properties;
		this.environment = environment;
		this.publisher = publisher;
		this.customizers = customizers;
		this.sslBundles = sslBundles;
		checkNames(properties);
		checkSocketActivation(properties);
		checkPorts(properties);
	}

	WaiterServer createDefault() {
		if (this.properties.getName().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("waiter.name", this.properties.getName(),
					"must not be blank");
		}
		return create("waiter", this.properties.getName(), this.properties);
	}

	/**
	 * Creates a named server: the factory method of the beans that
	 * {@link WaiterNamedServersRegistrar} registers.
	 * @param name the key under {@code waiter.servers}
	 * @return the server, not started
	 */
	WaiterServer createNamed(String name) {
		WaiterServerProperties named = this.properties.getServers().get(name);
		if (named == null) {
			throw new IllegalStateException("No properties under " + NAMED_PREFIX + name);
		}
		return create(NAMED_PREFIX + name, name, named);
	}

	private WaiterServer create(String prefix, String name, WaiterServerProperties serverProperties) {
		try {
			WaiterServerSettings settings = new WaiterSettingsFactory(this.environment).create(name, serverProperties);
			settings.setTls(new WaiterTlsFactory(this.sslBundles.getIfAvailable()).create(serverProperties.getSsl()));
			settings.setFraming(WaiterFramingFactory.create(serverProperties.getFrame()));
			settings.setRequestModel(requestModel(prefix, settings.getRequestModel(), settings.getFraming()));
			this.customizers.orderedStream().forEach((customizer) -> customizer.customize(settings));
			return new WaiterServer(settings, this.publisher);
		}
		catch (InvalidConfigurationPropertyValueException ex) {
			throw renamed(ex, prefix);
		}
	}

	/**
	 * The request model of {@code handler-model=request} with its decoder: the
	 * application's {@link RequestDecoder} bean for the default server, else the server's
	 * framing, whose requests are {@code byte[]} payloads.
	 */
	private @Nullable WaiterRequestModel requestModel(String prefix, @Nullable WaiterRequestModel model,
			Framing framing) {
		if (model == null) {
			return null;
		}
		RequestDecoder<?> decoder = prefix.equals("waiter") ? this.decoders.getIfUnique() : null;
		return model.withDecoder((decoder != null) ? decoder : (RequestDecoder<byte[]>) framing::read);
	}

	/** The same error, naming the property under the server's own prefix. */
	private static InvalidConfigurationPropertyValueException renamed(InvalidConfigurationPropertyValueException ex,
			String prefix) {
		if (prefix.equals("waiter") || !ex.getName().startsWith("waiter.")) {
			return ex;
		}
		String reason = (ex.getReason() != null) ? ex.getReason().replace("waiter.", prefix + ".") : null;
		return new InvalidConfigurationPropertyValueException(prefix + ex.getName().substring("waiter".length()),
				ex.getValue(), reason);
	}

	private static void checkNames(WaiterProperties properties) {
		for (String name : properties.getServers().keySet()) {
			if (!NAME.matcher(name).matches()) {
				throw new InvalidConfigurationPropertyValueException(NAMED_PREFIX + name, name,
						"a server name takes only letters, digits, '-' and '_'");
			}
			if (name.equals(properties.getName())) {
				throw new InvalidConfigurationPropertyValueException(NAMED_PREFIX + name, name,
						"is the default server's name (waiter.name): pick another");
			}
		}
	}

	/** Only the default server may serve the inherited socket: a process has one standard input. */
	private static void checkSocketActivation(WaiterProperties properties) {
		for (Map.Entry<String, WaiterServerProperties> named : properties.getServers().entrySet()) {
			if (named.getValue().isSocketActivation()) {
				throw new InvalidConfigurationPropertyValueException(NAMED_PREFIX + named.getKey() + ".socket-activation",
						true, "only the default server (waiter.socket-activation) can serve the socket inherited on "
								+ "standard input: a process has one; give this server a port of its own");
			}
		}
	}

	/**
	 * Fails start-up when two servers would bind the same port on overlapping addresses,
	 * naming both; port 0 (a free port) never clashes, nor does a server on a Unix domain
	 * socket, nor the default server's port under socket activation, which ignores it.
	 */
	static void checkPorts(WaiterProperties properties) {
		List<Bound> servers = new ArrayList<>();
		if (properties.getUnixSocket() == null && !properties.isSocketActivation()) {
			servers.add(new Bound("waiter.port", properties.getAddress(), properties.getPort()));
		}
		for (Map.Entry<String, WaiterServerProperties> named : properties.getServers().entrySet()) {
			if (named.getValue().getUnixSocket() == null) {
				servers.add(new Bound(NAMED_PREFIX + named.getKey() + ".port", named.getValue().getAddress(),
						named.getValue().getPort()));
			}
		}
		for (int i = 0; i < servers.size(); i++) {
			for (int j = 0; j < i; j++) {
				Bound earlier = servers.get(j);
				Bound later = servers.get(i);
				if (later.clashesWith(earlier)) {
					throw new InvalidConfigurationPropertyValueException(later.property(), later.port(),
							"clashes with " + earlier.property() + ": both servers would listen on port "
									+ later.port());
				}
			}
		}
	}

	private record Bound(String property, @Nullable InetAddress address, int port) {

		boolean clashesWith(Bound other) {
			return this.port != 0 && this.port == other.port
					&& (this.address == null || other.address == null || this.address.equals(other.address));
		}

	}

}
