package dev.waiter.server.access;

import java.net.InetAddress;
import java.util.List;

/**
 * Net::Server's allow and deny lists: a client in a deny block is refused; otherwise, when
 * allow blocks exist, only a client in one of them is served; with neither list, everyone
 * is. Checked on the accepting thread for every client.
 */
public final class AccessRules {

	private final List<CidrBlock> allow;

	private final List<CidrBlock> deny;

	public AccessRules(List<CidrBlock> allow, List<CidrBlock> deny) {
		this.allow = List.copyOf(allow);
		this.deny = List.copyOf(deny);
	}

	public boolean permits(InetAddress address) {
		for (CidrBlock block : this.deny) {
			if (block.contains(address)) {
				return false;
			}
		}
		if (this.allow.isEmpty()) {
			return true;
		}
		for (CidrBlock block : this.allow) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
