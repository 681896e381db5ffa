package dev.waiter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.waiter.WaiterHandlerModel;
import dev.waiter.frame.Framing;
import dev.waiter.server.request.RequestObserver;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServerSettings;
import dev.waiter.server.access.CidrBlock;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Checks {@link WaiterProperties} and turns them into the server's settings, with the
 * two values waiter takes from Spring Boot's own properties: virtual threads
 * ({@code spring.threads.virtual.enabled}) and the shutdown timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}). A bad value stops start-up with
 * an {@link InvalidConfigurationPropertyValueException} that names the property.
 */
final class WaiterSettingsFactory {

	/** Spring Boot's own default for {@code spring.lifecycle.timeout-per-shutdown-phase}, as the server's settings hold it. */
	private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = new WaiterServerSettings().getShutdownTimeout();

	private static final long MAX_TIMEOUT_MILLIS = Integer.MAX_VALUE;

	private final Binder binder;

	WaiterSettingsFactory(Environment environment) {
		this.binder = Binder.get(environment);
	}

	WaiterServerSettings create(String name, WaiterServerProperties properties) {
		validate(properties);
		WaiterServerSettings settings = new WaiterServerSettings();
		settings.setName(name);
		PropertyMapper map = PropertyMapper.get();
		map.from(properties::getAddress).to(settings::setAddress);
		map.from(properties::getPort).to(settings::setPort);
		map.from(properties::getBacklog).to(settings::setBacklog);
		map.from(properties::getMode).to(settings::setMode);
		map.from(properties::getMaxConnections).to(settings::setMaxConnections);
		map.from(properties::getAcceptTimeout).to(settings::setAcceptTimeout);
		map.from(properties::getReadTimeout).to(settings::setReadTimeout);
		map.from(properties::getWriteTimeout).to(settings::setWriteTimeout);
		map.from(properties::getIdleTimeout).to(settings::setIdleTimeout);
		map.from(properties::getRequestTimeout).to(settings::setRequestTimeout);
		map.from(properties::getCharset).to(settings::setCharset);
		map.from(properties::getShutdown).to(settings::setShutdown);
		map.from(properties::isTcpNoDelay).to(settings::setTcpNoDelay);
		map.from(properties::isKeepAlive).to(settings::setKeepAlive);
		map.from(properties::isProcessOnInput).to(settings::setProcessOnInput);
		map.from(properties::isReuseAddress).to(settings::setReuseAddress);
		map.from(properties.getPrefork()::getMin).to(settings::setPreforkMin);
		map.from(properties.getPrefork()::getMax).to(settings::setPreforkMax);
		map.from(properties.getPrefork()::getIdleTimeout).to(settings::setPreforkIdleTimeout);
		map.from(properties.getSignals()::isPropagate).to(settings::setSignalsPropagate);
		map.from(properties::getMaxConnectionsPerPeer).to(settings::setMaxConnectionsPerPeer);
		map.from(properties::getMaxConnectionRatePerPeer).to(settings::setMaxConnectionRatePerPeer);
		map.from(properties::isReusePort).to(settings::setReusePort);
		map.from(properties::isSocketActivation).to(settings::setSocketActivation);
		if (properties.getHandlerModel() == WaiterHandlerModel.REQUEST) {
			// the framing's decoder until the server's factory sets the framing and picks the decoder
			Framing framing = settings.getFraming();
			settings.setRequestModel(new WaiterRequestModel(framing::read, properties.getIdleWait(), RequestObserver.NONE));
		}
		settings.setProxyProtocol(proxyProtocol(properties.getProxyProtocol()));
		settings.setUnixSocket(WaiterUnixSocketFactory.create(properties));
		settings.setAllow(blocks("waiter.allow", properties.getAllow()));
		settings.setDeny(blocks("waiter.deny", properties.getDeny()));
		settings.setVirtualThreads(virtualThreads(properties.getThreads().getVirtual()));
		settings.setShutdownTimeout(this.binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_SHUTDOWN_TIMEOUT));
		return settings;
	}

	private static @Nullable WaiterProxyProtocol proxyProtocol(WaiterProxyProtocolProperties proxy) {
		if (!proxy.isEnabled()) {
			return null;
		}
		check("waiter.proxy-protocol.trusted-proxies", proxy.getTrustedProxies(), !proxy.getTrustedProxies().isEmpty(),
				"must list the load balancers' addresses (CIDR blocks) when waiter.proxy-protocol.enabled is true");
		checkTimeout("waiter.proxy-protocol.header-timeout", proxy.getHeaderTimeout(), false);
		return new WaiterProxyProtocol(blocks("waiter.proxy-protocol.trusted-proxies", proxy.getTrustedProxies()),
				proxy.getHeaderTimeout());
	}

	private static List<CidrBlock> blocks(String name, List<String> texts) {
		List<CidrBlock> blocks = new ArrayList<>(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			try {
				blocks.add(CidrBlock.parse(texts.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(name + "[" + i + "]", texts.get(i), ex.getMessage());
			}
		}
		return blocks;
	}

	private boolean virtualThreads(@Nullable Boolean waiterThreadsVirtual) {
		if (waiterThreadsVirtual != null) {
			return waiterThreadsVirtual;
		}
		return this.binder.bind("spring.threads.virtual.enabled", Boolean.class).orElse(false);
	}

	static void validate(WaiterServerProperties properties) {
		check("waiter.port", properties.getPort(), properties.getPort() >= 0 && properties.getPort() <= 65535,
				"must be between 0 and 65535 (0 picks a free port)");
		check("waiter.backlog", properties.getBacklog(), properties.getBacklog() >= 1, "must be at least 1");
		check("waiter.max-connections", properties.getMaxConnections(), properties.getMaxConnections() >= 1,
				"must be at least 1");
		checkTimeout("waiter.accept-timeout", properties.getAcceptTimeout(), true);
		Duration readTimeout = properties.getReadTimeout();
		if (readTimeout != null) {
			checkTimeout("waiter.read-timeout", readTimeout, false);
		}
		Duration writeTimeout = properties.getWriteTimeout();
		if (writeTimeout != null) {
			checkTimeout("waiter.write-timeout", writeTimeout, false);
		}
		if (properties.getIdleTimeout() != null) {
			checkTimeout("waiter.idle-timeout", properties.getIdleTimeout(), false);
		}
		if (properties.getRequestTimeout() != null) {
			checkTimeout("waiter.request-timeout", properties.getRequestTimeout(), false);
		}
		check("waiter.max-connections-per-peer", properties.getMaxConnectionsPerPeer(),
				properties.getMaxConnectionsPerPeer() >= 0, "must be 0 (no cap) or more");
		Integer ratePerPeer = properties.getMaxConnectionRatePerPeer();
		if (ratePerPeer != null) {
			check("waiter.max-connection-rate-per-peer", ratePerPeer, ratePerPeer >= 1,
					"must be at least 1 (connections per second; leave it unset for no limit)");
		}
		if (properties.isSocketActivation()) {
			check("waiter.unix-socket", String.valueOf(properties.getUnixSocket()), properties.getUnixSocket() == null,
					"cannot be set with waiter.socket-activation=true: the inherited socket is the one served");
		}
		WaiterPreforkProperties prefork = properties.getPrefork();
		check("waiter.prefork.min", prefork.getMin(), prefork.getMin() >= 1,
				"must be at least 1 (Net::Waiter's negative PREFORK is waiter.prefork.min = waiter.prefork.max)");
		check("waiter.prefork.max", prefork.getMax(), prefork.getMax() >= prefork.getMin(),
				"must be at least waiter.prefork.min (" + prefork.getMin() + ")");
		checkTimeout("waiter.prefork.idle-timeout", prefork.getIdleTimeout(), false);
	}

	private static void checkTimeout(String name, Duration value, boolean zeroAllowed) {
		boolean inRange = (zeroAllowed ? !value.isNegative() : value.toMillis() >= 1)
				&& value.toMillis() <= MAX_TIMEOUT_MILLIS;
		check(name, value, inRange, (zeroAllowed ? "must be zero or positive" : "must be at least 1ms")
				+ " and at most " + MAX_TIMEOUT_MILLIS + "ms");
	}

	private static void check(String name, Object value, boolean valid, String reason) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(name, value, reason);
		}
	}

}
