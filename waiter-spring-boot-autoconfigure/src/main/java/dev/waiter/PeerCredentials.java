package dev.waiter;

import org.jspecify.annotations.Nullable;

/**
 * Who is at the other end of a Unix domain socket, as the kernel tells it
 * ({@code SO_PEERCRED}, through the JDK's {@code jdk.net.ExtendedSocketOptions}): the user
 * and group of the process that connected, by name (the numeric id when it has none). The
 * JDK gives no process id. Behind a proxy on the socket (HAProxy's {@code unix@} server),
 * they are the proxy's.
 * @param user the peer process's user
 * @param group the peer process's group, if the system gives it
 */
public record PeerCredentials(String user, @Nullable String group) {

	@Override
	public String toString() {
		return "unix:" + this.user;
	}

}
