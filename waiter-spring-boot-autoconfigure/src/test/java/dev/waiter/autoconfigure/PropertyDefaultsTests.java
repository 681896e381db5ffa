package dev.waiter.autoconfigure;

import java.beans.Introspector;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.jayway.jsonpath.JsonPath;
import dev.waiter.observation.WaiterObservationAutoConfiguration;
import dev.waiter.WaiterHandlerModel;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServerSettings;
import dev.waiter.server.access.CidrBlock;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.TypeDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code waiter.*} property's default is written twice, and read a third time: in
 * the properties ({@link WaiterProperties} and the groups nested in it), in the server's
 * settings ({@link WaiterServerSettings}, what a server built in code gets), and in the
 * configuration metadata that the annotation processor writes from the properties' field
 * initializers ({@code target/classes/META-INF/spring-configuration-metadata.json}, which
 * IDEs show). The processor reads literal initializers only (a constant of another class
 * gives no default), so the three can drift apart silently. These tests hold them equal,
 * property by property, nested ones included, and fail on a property, or a setting, that
 * they have not been told about.
 */
class PropertyDefaultsTests {

	/**
	 * The setting each property defaults to, where the server's settings hold it: the
	 * setting's name (a getter of {@link WaiterServerSettings}) and its default in the
	 * property's own type.
	 */
	private static final Map<String, Setting> SETTINGS = settings();

	/** The properties the server's settings do not hold, and why. */
	private static final Map<String, String> NOT_IN_SETTINGS = Map.ofEntries(
			Map.entry("waiter.enabled", "whether the server bean exists at all"),
			Map.entry("waiter.direct-listeners", "how events reach listeners, set up by the auto-configuration"),
			Map.entry("waiter.servers", "the named servers, each with these same properties"),
			Map.entry("waiter.signals.os", "installs operating system signal handlers, in the auto-configuration"),
			Map.entry("waiter.proxy-protocol.trusted-proxies", "held by WaiterProxyProtocol, which exists only when on"),
			Map.entry("waiter.ssl.enabled", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.bundle", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.server-name-bundles", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.certificate", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.certificate-private-key", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.private-key-password", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.trust-certificate", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.client-auth", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.protocols", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.ciphers", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.ssl.handshake-timeout", "TLS settings exist only when TLS is on (WaiterTlsFactory)"),
			Map.entry("waiter.frame.type", "together with the other frame properties: the framing (see below)"),
			Map.entry("waiter.frame.max-length", "together with the other frame properties: the framing (see below)"),
			Map.entry("waiter.frame.delimiter", "together with the other frame properties: the framing (see below)"),
			Map.entry("waiter.frame.length-header-size", "together with the other frame properties: the framing"),
			Map.entry("waiter.frame.length-includes-header", "together with the other frame properties: the framing"),
			Map.entry("waiter.frame.fixed-length", "together with the other frame properties: the framing"),
			Map.entry("waiter.observation.enabled", "declared by hand in the additional metadata (see below)"));

	/** The settings no property sets, and why. */
	private static final Map<String, String> SETTINGS_WITHOUT_PROPERTY = Map.of("shutdownTimeout",
			"spring.lifecycle.timeout-per-shutdown-phase", "servingHook", "set by the observation customizer", "tls",
			"the waiter.ssl properties, through WaiterTlsFactory", "framing",
			"the waiter.frame properties, through WaiterFramingFactory");

	/** The properties this test maps to a setting of the server: what {@link PropertyMappingTests} must cover. */
	static Set<String> serverSettingProperties() {
		return settings().keySet();
	}

	private static Map<String, Setting> settings() {
		Map<String, Setting> settings = new LinkedHashMap<>();
		put(settings, "waiter.name", "name", WaiterServerSettings::getName);
		put(settings, "waiter.address", "address", WaiterServerSettings::getAddress);
		put(settings, "waiter.port", "port", WaiterServerSettings::getPort);
		put(settings, "waiter.backlog", "backlog", WaiterServerSettings::getBacklog);
		put(settings, "waiter.mode", "mode", WaiterServerSettings::getMode);
		put(settings, "waiter.max-connections", "maxConnections", WaiterServerSettings::getMaxConnections);
		put(settings, "waiter.max-connections-per-peer", "maxConnectionsPerPeer",
				WaiterServerSettings::getMaxConnectionsPerPeer);
		put(settings, "waiter.max-connection-rate-per-peer", "maxConnectionRatePerPeer",
				WaiterServerSettings::getMaxConnectionRatePerPeer);
		put(settings, "waiter.accept-timeout", "acceptTimeout", WaiterServerSettings::getAcceptTimeout);
		put(settings, "waiter.read-timeout", "readTimeout", WaiterServerSettings::getReadTimeout);
		put(settings, "waiter.write-timeout", "writeTimeout", WaiterServerSettings::getWriteTimeout);
		put(settings, "waiter.idle-timeout", "idleTimeout", WaiterServerSettings::getIdleTimeout);
		put(settings, "waiter.request-timeout", "requestTimeout", WaiterServerSettings::getRequestTimeout);
		// the connection model by default: the settings hold no request model, so none of its options
		put(settings, "waiter.handler-model", "requestModel",
				(s) -> (s.getRequestModel() != null) ? WaiterHandlerModel.REQUEST : WaiterHandlerModel.CONNECTION);
		put(settings, "waiter.idle-wait", "requestModel", (s) -> WaiterRequestModel.IdleWait.AUTO);
		put(settings, "waiter.charset", "charset", WaiterServerSettings::getCharset);
		put(settings, "waiter.shutdown", "shutdown", WaiterServerSettings::getShutdown);
		put(settings, "waiter.tcp-no-delay", "tcpNoDelay", WaiterServerSettings::isTcpNoDelay);
		put(settings, "waiter.keep-alive", "keepAlive", WaiterServerSettings::isKeepAlive);
		put(settings, "waiter.process-on-input", "processOnInput", WaiterServerSettings::isProcessOnInput);
		put(settings, "waiter.reuse-address", "reuseAddress", WaiterServerSettings::isReuseAddress);
		put(settings, "waiter.reuse-port", "reusePort", WaiterServerSettings::isReusePort);
		// the settings hold no Unix domain socket by default: TCP, and none of its options
		put(settings, "waiter.unix-socket", "unixSocket", WaiterServerSettings::getUnixSocket);
		put(settings, "waiter.unix-socket-permissions", "unixSocket", WaiterServerSettings::getUnixSocket);
		put(settings, "waiter.unix-allowed-users", "unixSocket", (s) -> List.of());
		put(settings, "waiter.unix-allowed-groups", "unixSocket", (s) -> List.of());
		put(settings, "waiter.socket-activation", "socketActivation", WaiterServerSettings::isSocketActivation);
		put(settings, "waiter.allow", "allow", (s) -> blocks(s.getAllow()));
		put(settings, "waiter.deny", "deny", (s) -> blocks(s.getDeny()));
		put(settings, "waiter.prefork.min", "preforkMin", WaiterServerSettings::getPreforkMin);
		put(settings, "waiter.prefork.max", "preforkMax", WaiterServerSettings::getPreforkMax);
		put(settings, "waiter.prefork.idle-timeout", "preforkIdleTimeout", WaiterServerSettings::getPreforkIdleTimeout);
		put(settings, "waiter.signals.propagate", "signalsPropagate", WaiterServerSettings::isSignalsPropagate);
		// unset, waiter.threads.virtual follows spring.threads.virtual.enabled, itself off by default
		put(settings, "waiter.threads.virtual", "virtualThreads", (s) -> s.isVirtualThreads() ? Boolean.TRUE : null);
		put(settings, "waiter.proxy-protocol.enabled", "proxyProtocol", (s) -> s.getProxyProtocol() != null);
		// the settings hold no PROXY protocol by default: its default header timeout is the record's
		put(settings, "waiter.proxy-protocol.header-timeout", "proxyProtocol",
				(s) -> WaiterProxyProtocol.DEFAULT_HEADER_TIMEOUT);
		return settings;
	}

	private static void put(Map<String, Setting> settings, String property, String setting,
			Function<WaiterServerSettings, @Nullable Object> defaultValue) {
		settings.put(property, new Setting(setting, defaultValue));
	}

	/** A setting of {@link WaiterServerSettings}, and how to read its default as its property's. */
	private record Setting(String name, Function<WaiterServerSettings, @Nullable Object> defaultValue) {
	}

	private static List<String> blocks(List<CidrBlock> blocks) {
		return blocks.stream().map(CidrBlock::toString).toList();
	}

	@Test
	void everyWaiterPropertyDefaultsInTheMetadataToWhatItsFieldInitializerHolds() throws Exception {
		BeanWrapper defaults = new BeanWrapperImpl(new WaiterProperties());
		List<String> disagreements = new ArrayList<>();
		for (Map<String, Object> property : waiterProperties()) {
			String name = (String) property.get("name");
			if (property.get("sourceType") == null) {
				continue;
			}
			String path = beanPath(name);
			Object initialized = defaults.getPropertyValue(path);
			Object declared = property.get("defaultValue");
			if (declared == null) {
				if (!isUnset(initialized)) {
					disagreements.add(name + ": the metadata has no default, the property starts as " + initialized);
				}
				continue;
			}
			Object converted = ApplicationConversionService.getSharedInstance()
				.convert(declared, TypeDescriptor.forObject(declared), defaults.getPropertyTypeDescriptor(path));
			if (!converted.equals(initialized)) {
				disagreements.add(name + ": the metadata says " + declared + ", the property starts as " + initialized);
			}
		}
		assertThat(disagreements).isEmpty();
	}

	@Test
	void everyWaiterPropertyDefaultsToWhatTheServersSettingsDefaultTo() throws Exception {
		BeanWrapper defaults = new BeanWrapperImpl(new WaiterProperties());
		WaiterServerSettings settings = new WaiterServerSettings();
		Set<String> told = new TreeSet<>(SETTINGS.keySet());
		told.addAll(NOT_IN_SETTINGS.keySet());
		Set<String> named = new TreeSet<>();
		List<String> disagreements = new ArrayList<>();
		for (Map<String, Object> property : waiterProperties()) {
			String name = (String) property.get("name");
			named.add(name);
			Setting setting = SETTINGS.get(name);
			if (setting == null) {
				continue;
			}
			Object initialized = defaults.getPropertyValue(beanPath(name));
			Object server = setting.defaultValue().apply(settings);
			if (!(isUnset(initialized) && isUnset(server)) && !Objects.equals(initialized, server)) {
				disagreements.add(name + ": the property starts as " + initialized + ", the settings as " + server);
			}
		}
		assertThat(named).as("the properties in the metadata, each either in the settings or told why not")
			.isEqualTo(told);
		assertThat(disagreements).isEmpty();
	}

	@Test
	void everySettingIsSetByAPropertyOrToldWhyNot() {
		Set<String> covered = new TreeSet<>(SETTINGS_WITHOUT_PROPERTY.keySet());
		SETTINGS.values().forEach((setting) -> covered.add(setting.name()));
		Set<String> getters = new TreeSet<>();
		for (Method method : WaiterServerSettings.class.getMethods()) {
			String name = method.getName();
			if (method.getDeclaringClass() != Object.class && Modifier.isPublic(method.getModifiers())
					&& method.getParameterCount() == 0 && (name.startsWith("get") || name.startsWith("is"))) {
				getters.add(Introspector.decapitalize(name.substring(name.startsWith("get") ? 3 : 2)));
			}
		}
		assertThat(getters).as("the settings, each set by a property or told why not").isEqualTo(covered);
	}

	/**
	 * The frame properties together make the framing: built from their defaults, it is the
	 * settings' default framing, the same delimiter, terminator and longest frame.
	 */
	@Test
	void theFramingBuiltFromTheDefaultFramePropertiesIsTheSettingsDefaultFraming() {
		assertThat(WaiterFramingFactory.create(new WaiterFrameProperties())).usingRecursiveComparison()
			.withStrictTypeChecking()
			.isEqualTo(new WaiterServerSettings().getFraming());
	}

	/** The one property declared by hand: its default is its condition's matchIfMissing. */
	@Test
	void theObservationSwitchDefaultsInTheMetadataToWhatItsConditionDoesWhenItIsMissing() throws Exception {
		Map<String, Object> observation = waiterProperties().stream()
			.filter((property) -> property.get("name").equals("waiter.observation.enabled"))
			.findFirst()
			.orElseThrow();
		ConditionalOnBooleanProperty condition = WaiterObservationAutoConfiguration.class
			.getAnnotation(ConditionalOnBooleanProperty.class);
		assertThat(condition.name()).containsExactly("waiter.observation.enabled");
		assertThat(observation.get("defaultValue")).isEqualTo(condition.matchIfMissing());
	}

	private static boolean isUnset(@Nullable Object value) {
		return value == null || (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty());
	}

	/** {@code waiter.proxy-protocol.header-timeout} to {@code proxyProtocol.headerTimeout}. */
	private static String beanPath(String name) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : name.substring("waiter.".length()).toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	/** The waiter.* properties of the metadata the annotation processor wrote for this module. */
	private static List<Map<String, Object>> waiterProperties() throws IOException, URISyntaxException {
		Path classes = Path.of(WaiterProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path metadata = classes.resolve("META-INF/spring-configuration-metadata.json");
		assertThat(metadata).as("the metadata the annotation processor writes").exists();
		List<Map<String, Object>> properties = JsonPath
			.read(Files.readString(metadata, StandardCharsets.UTF_8), "$.properties[*]");
		return properties.stream().filter((property) -> ((String) property.get("name")).startsWith("waiter.")).toList();
	}

}
