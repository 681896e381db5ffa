package dev.waiter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


/**
 * The PROXY protocol (HAProxy's, versions 1 and 2), under
 * {@code waiter.proxy-protocol}: off by default, as the spec forbids guessing whether a
 * header is there.
 */
public class WaiterProxyProtocolProperties {

	/**
	 * Whether every connection must start with a PROXY protocol header (version 1 or 2)
	 * from a trusted proxy; the client's address then comes from the header.
	 */
	private boolean enabled;

	/**
	 * Addresses of the load balancers allowed to send the header, as CIDR blocks; a
	 * connection from any other address is refused (reason proxy-protocol). Required
	 * when enabled.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Longest wait for the whole header after accept.
	 */
	private Duration headerTimeout = Duration.ofSeconds(3);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public Duration getHeaderTimeout() {
		return this.headerTimeout;
	}

	public void setHeaderTimeout(Duration headerTimeout) {
		this.headerTimeout = headerTimeout;
	}

}
