package dev.waiter.server.transport;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A server's Unix domain socket settings ({@code waiter.unix-socket*}): where it listens,
 * the socket file's permissions, and which peers (by their {@code SO_PEERCRED} user and
 * group) it serves. Immutable; read by the lifecycle thread at the bind and by the
 * acceptor for each client.
 * @param path the socket file
 * @param permissions the file's permissions, {@code null} to keep what the umask gives
 * @param allowedUsers the peer users served; empty with {@code allowedGroups} empty: every
 * peer the file's permissions let in
 * @param allowedGroups the peer groups served
 */
public record WaiterUnixSocket(Path path, @Nullable Set<PosixFilePermission> permissions, List<String> allowedUsers,
		List<String> allowedGroups) {

	public WaiterUnixSocket {
		permissions = (permissions != null) ? Set.copyOf(permissions) : null;
		allowedUsers = List.copyOf(allowedUsers);
		allowedGroups = List.copyOf(allowedGroups);
	}

	/**
	 * Whether a peer is served: no rule, or its user or its group is listed. A peer whose
	 * credentials the system does not give is refused by any rule.
	 * @param socket the accepted client
	 * @return true to serve it
	 */
	public boolean permits(UnixSocket socket) {
		if (this.allowedUsers.isEmpty() && this.allowedGroups.isEmpty()) {
			return true;
		}
		String user = socket.peerUser();
		String group = socket.peerGroup();
		return (user != null && this.allowedUsers.contains(user))
				|| (group != null && this.allowedGroups.contains(group));
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("unix:").append(this.path);
		if (this.permissions != null) {
			text.append(" (").append(PosixFilePermissions.toString(this.permissions)).append(')');
		}
		return text.toString();
	}

}
