package dev.waiter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the default waiter server, under {@code waiter}, and of the named
 * servers under {@code waiter.servers.<name>}: each of those takes every property of
 * the default server ({@link WaiterServerProperties}), with the same defaults, so each
 * needs its own {@code port}.
 */
@ConfigurationProperties("waiter")
public class WaiterProperties extends WaiterServerProperties {

	/**
	 * Whether to run the waiter servers.
	 */
	private boolean enabled = true;

	/**
	 * Whether @EventListener methods taking a WaiterProcessEvent are called through a
	 * lambda generated for them rather than by reflection, which keeps about 1.5 KB less
	 * stack under every connection blocked in a read.
	 */
	private boolean directListeners = true;

	/**
	 * Name of the default server, used as the "server" tag of the meters.
	 */
	private String name = "default";

	/**
	 * More servers, by name, started and stopped with the default one; each takes the
	 * same properties as waiter.* (its own port, mode, TLS, limits, PROXY protocol).
	 */
	private Map<String, WaiterServerProperties> servers = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isDirectListeners() {
		return this.directListeners;
	}

	public void setDirectListeners(boolean directListeners) {
		this.directListeners = directListeners;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public Map<String, WaiterServerProperties> getServers() {
		return this.servers;
	}

	public void setServers(Map<String, WaiterServerProperties> servers) {
		this.servers = servers;
	}

}
