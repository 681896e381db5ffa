package dev.waiter.server.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import dev.waiter.server.access.CidrBlock;

/**
 * How a server takes PROXY protocol headers: only from the trusted balancers, and within
 * the header timeout. Immutable; one per server run.
 * @param trustedProxies the balancers allowed to send a header; a connection from any
 * other address is refused
 * @param headerTimeout the longest wait for the whole header
 */
public record WaiterProxyProtocol(List<CidrBlock> trustedProxies, Duration headerTimeout) {

	/** The default header timeout. */
	public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(3);

	public WaiterProxyProtocol {
		trustedProxies = List.copyOf(trustedProxies);
	}

	/**
	 * Whether a balancer at this address may send a header.
	 * @param address the socket's real peer
	 * @return true if a trusted block contains it
	 */
	public boolean trusts(InetAddress address) {
		for (CidrBlock block : this.trustedProxies) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
