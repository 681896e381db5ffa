package dev.waiter.autoconfigure;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.waiter.WaiterMode;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServerSettings;
import dev.waiter.server.WaiterShutdown;
import dev.waiter.server.access.CidrBlock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every server property set to a value other than its default reaches its setting through
 * {@link WaiterSettingsFactory}: a mapping line forgotten there would leave the property
 * silently at its default, which {@link PropertyDefaultsTests} (defaults only) cannot see.
 */
class PropertyMappingTests {

	/** A property, the value it is set to, and what the settings must then hold. */
	private record Mapped(String value, Function<WaiterServerSettings, @Nullable Object> setting,
			@Nullable Object expected) {
	}

	private static Map<String, Mapped> mapped() throws Exception {
		Map<String, Mapped> mapped = new LinkedHashMap<>();
		mapped.put("waiter.address", new Mapped("127.0.0.2", WaiterServerSettings::getAddress,
				InetAddress.getByName("127.0.0.2")));
		mapped.put("waiter.port", new Mapped("19001", WaiterServerSettings::getPort, 19001));
		mapped.put("waiter.backlog", new Mapped("77", WaiterServerSettings::getBacklog, 77));
		mapped.put("waiter.mode", new Mapped("nofork", WaiterServerSettings::getMode, WaiterMode.NOFORK));
		mapped.put("waiter.max-connections", new Mapped("78", WaiterServerSettings::getMaxConnections, 78));
		mapped.put("waiter.max-connections-per-peer",
				new Mapped("7", WaiterServerSettings::getMaxConnectionsPerPeer, 7));
		mapped.put("waiter.max-connection-rate-per-peer",
				new Mapped("8", WaiterServerSettings::getMaxConnectionRatePerPeer, 8));
		mapped.put("waiter.accept-timeout",
				new Mapped("7s", WaiterServerSettings::getAcceptTimeout, Duration.ofSeconds(7)));
		mapped.put("waiter.idle-timeout", new Mapped("9s", WaiterServerSettings::getIdleTimeout, Duration.ofSeconds(9)));
		mapped.put("waiter.request-timeout",
				new Mapped("11s", WaiterServerSettings::getRequestTimeout, Duration.ofSeconds(11)));
		mapped.put("waiter.handler-model", new Mapped("request", (s) -> s.getRequestModel() != null, true));
		mapped.put("waiter.idle-wait", new Mapped("selector",
				(s) -> (s.getRequestModel() != null) ? s.getRequestModel().idleWait() : null,
				WaiterRequestModel.IdleWait.SELECTOR));
		mapped.put("waiter.read-timeout", new Mapped("8s", WaiterServerSettings::getReadTimeout, Duration.ofSeconds(8)));
		mapped.put("waiter.write-timeout",
				new Mapped("9s", WaiterServerSettings::getWriteTimeout, Duration.ofSeconds(9)));
		mapped.put("waiter.charset", new Mapped("ISO-8859-1", WaiterServerSettings::getCharset,
				StandardCharsets.ISO_8859_1));
		mapped.put("waiter.shutdown", new Mapped("immediate", WaiterServerSettings::getShutdown,
				WaiterShutdown.IMMEDIATE));
		mapped.put("waiter.tcp-no-delay", new Mapped("false", WaiterServerSettings::isTcpNoDelay, false));
		mapped.put("waiter.keep-alive", new Mapped("true", WaiterServerSettings::isKeepAlive, true));
		mapped.put("waiter.process-on-input", new Mapped("true", WaiterServerSettings::isProcessOnInput, true));
		mapped.put("waiter.reuse-address", new Mapped("false", WaiterServerSettings::isReuseAddress, false));
		mapped.put("waiter.reuse-port", new Mapped("true", WaiterServerSettings::isReusePort, true));
		mapped.put("waiter.allow", new Mapped("10.0.0.0/8", (s) -> blocks(s.getAllow()), List.of("10.0.0.0/8")));
		mapped.put("waiter.deny", new Mapped("192.0.2.0/24", (s) -> blocks(s.getDeny()), List.of("192.0.2.0/24")));
		mapped.put("waiter.prefork.min", new Mapped("2", WaiterServerSettings::getPreforkMin, 2));
		mapped.put("waiter.prefork.max", new Mapped("9", WaiterServerSettings::getPreforkMax, 9));
		mapped.put("waiter.prefork.idle-timeout",
				new Mapped("11s", WaiterServerSettings::getPreforkIdleTimeout, Duration.ofSeconds(11)));
		mapped.put("waiter.signals.propagate", new Mapped("true", WaiterServerSettings::isSignalsPropagate, true));
		mapped.put("waiter.threads.virtual", new Mapped("true", WaiterServerSettings::isVirtualThreads, true));
		mapped.put("waiter.proxy-protocol.enabled",
				new Mapped("true", (s) -> s.getProxyProtocol() != null, true));
		mapped.put("waiter.proxy-protocol.trusted-proxies", new Mapped("10.1.0.0/16",
				(s) -> blocks(s.getProxyProtocol().trustedProxies()), List.of("10.1.0.0/16")));
		mapped.put("waiter.proxy-protocol.header-timeout", new Mapped("12s",
				(s) -> s.getProxyProtocol().headerTimeout(), Duration.ofSeconds(12)));
		mapped.put("waiter.unix-socket", new Mapped("/tmp/mapped.sock", (s) -> s.getUnixSocket().path(),
				java.nio.file.Path.of("/tmp/mapped.sock")));
		mapped.put("waiter.unix-socket-permissions", new Mapped("rw-rw----",
				(s) -> java.nio.file.attribute.PosixFilePermissions.toString(s.getUnixSocket().permissions()), "rw-rw----"));
		mapped.put("waiter.unix-allowed-users", new Mapped("alice", (s) -> s.getUnixSocket().allowedUsers(),
				List.of("alice")));
		mapped.put("waiter.unix-allowed-groups", new Mapped("staff", (s) -> s.getUnixSocket().allowedGroups(),
				List.of("staff")));
		return mapped;
	}

	private static List<String> blocks(List<CidrBlock> blocks) {
		return blocks.stream().map(CidrBlock::toString).toList();
	}

	@Test
	void everyServerPropertySetToAnotherValueThanItsDefaultReachesItsSetting() throws Exception {
		Map<String, Mapped> mapped = mapped();
		MockEnvironment environment = new MockEnvironment();
		mapped.forEach((property, value) -> environment.setProperty(property, value.value()));
		WaiterProperties properties = Binder.get(environment).bind("waiter", WaiterProperties.class).get();
		WaiterServerSettings settings = new WaiterSettingsFactory(environment).create("default", properties);
		WaiterServerSettings defaults = new WaiterServerSettings();
		mapped.forEach((property, value) -> {
			assertThat(value.setting().apply(settings)).as(property).isEqualTo(value.expected());
			if ((!property.startsWith("waiter.proxy-protocol.") || property.endsWith(".enabled"))
					&& !property.startsWith("waiter.unix-")) {
				assertThat(value.setting().apply(defaults)).as("%s is set to its default here", property)
					.isNotEqualTo(value.expected());
			}
		});
	}

	/** Apart from the rest: it cannot be set together with waiter.unix-socket. */
	@Test
	void socketActivationSetReachesItsSetting() {
		MockEnvironment environment = new MockEnvironment().withProperty("waiter.socket-activation", "true");
		WaiterProperties properties = Binder.get(environment).bind("waiter", WaiterProperties.class).get();
		assertThat(new WaiterSettingsFactory(environment).create("default", properties).isSocketActivation()).isTrue();
		assertThat(new WaiterServerSettings().isSocketActivation()).isFalse();
	}

	/** The defaults DESIGN.md fixes (Net::Waiter's port, PREFORK, MAXFORK, TIMEOUT, PX_IDLE). */
	@Test
	void theServerDefaultsAreTheDesignedOnes() {
		WaiterServerSettings defaults = new WaiterServerSettings();
		assertThat(defaults.getPort()).isEqualTo(9123);
		assertThat(defaults.getAddress()).isNull();
		assertThat(defaults.getBacklog()).isEqualTo(128);
		assertThat(defaults.getMode()).isEqualTo(WaiterMode.FORK);
		assertThat(defaults.getMaxConnections()).isEqualTo(1024);
		assertThat(defaults.getAcceptTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(defaults.getReadTimeout()).isNull();
		assertThat(defaults.getWriteTimeout()).isNull();
		assertThat(defaults.getPreforkMin()).isEqualTo(4);
		assertThat(defaults.getPreforkMax()).isEqualTo(1024);
		assertThat(defaults.getPreforkIdleTimeout()).isEqualTo(Duration.ofSeconds(31));
		assertThat(defaults.getCharset()).isEqualTo(StandardCharsets.UTF_8);
		assertThat(defaults.getShutdown()).isEqualTo(WaiterShutdown.GRACEFUL);
	}

	@Test
	void everyServerSettingThatAPropertySetsIsCoveredHere() throws Exception {
		Set<String> covered = new TreeSet<>(mapped().keySet());
		covered.add("waiter.name");
		covered.add("waiter.socket-activation");
		Set<String> server = new TreeSet<>(PropertyDefaultsTests.serverSettingProperties());
		assertThat(covered).containsAll(server);
	}

}
