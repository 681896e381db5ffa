package dev.waiter.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.waiter.event.WaiterListeningEvent;

import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Publishes the bound port as {@code local.waiter.port} (a named server's as
 * {@code local.waiter.<name>.port}), in the same {@code server.ports}
 * property source where Spring Boot puts {@code local.server.port}, so that
 * {@link dev.waiter.LocalWaiterPort @LocalWaiterPort} and {@code ${local.waiter.port}}
 * resolve. Runs on the lifecycle thread, at each start.
 */
class WaiterPortInfoListener implements ApplicationListener<WaiterListeningEvent> {

	static final String PROPERTY_NAME = "local.waiter.port";

	private static final String PROPERTY_SOURCE_NAME = "server.ports";

	private final ConfigurableEnvironment environment;

	private final String defaultServerName;

	WaiterPortInfoListener(ConfigurableEnvironment environment, String defaultServerName) {
		this.environment = environment;
		this.defaultServerName = defaultServerName;
	}

	@Override
	public void onApplicationEvent(WaiterListeningEvent event) {
		String name = event.getWaiter().getName();
		String property = name.equals(this.defaultServerName) ? PROPERTY_NAME : "local.waiter." + name + ".port";
		portsSource().put(property, event.getPort());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> portsSource() {
		MutablePropertySources sources = this.environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source != null && source.getSource() instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		Map<String, Object> ports = new HashMap<>();
		sources.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, ports));
		return ports;
	}

}
