package dev.waiter.server.transport;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A server's Unix domain socket settings ({@code waiter.unix-socket*}): where it listens,
 * the socket file's permissions, and which peers (by their {@code SO_PEERCRED} user and
 * group) it serves. A user or group given as a number (digits only) is a uid or gid: it
 * matches the peer with that id whatever its name, so a rule works where the name is
 * unknown (a container without the user in its {@code /etc/passwd}); the numbers are
 * resolved once, here. Immutable; read by the lifecycle thread at the bind and by the
 * acceptor for each client.
 * @param path the socket file
 * @param permissions the file's permissions, {@code null} to keep what the umask gives
 * @param allowedUsers the peer users served; empty with {@code allowedGroups} empty: every
 * peer the file's permissions let in
 * @param allowedGroups the peer groups served
 * @param allowedIds the numeric entries of both lists, as the principals they name
 */
public record WaiterUnixSocket(Path path, @Nullable Set<PosixFilePermission> permissions, List<String> allowedUsers,
		List<String> allowedGroups, Set<UserPrincipal> allowedIds) {

	public WaiterUnixSocket {
		permissions = (permissions != null) ? Set.copyOf(permissions) : null;
		allowedUsers = List.copyOf(allowedUsers);
		allowedGroups = List.copyOf(allowedGroups);
		allowedIds = Set.copyOf(allowedIds);
	}

	/**
	 * The settings, with the numeric users and groups resolved.
	 * @throws IllegalArgumentException if a number cannot be resolved on this system
	 */
	public WaiterUnixSocket(Path path, @Nullable Set<PosixFilePermission> permissions, List<String> allowedUsers,
			List<String> allowedGroups) {
		this(path, permissions, allowedUsers, allowedGroups, ids(allowedUsers, allowedGroups));
	}

	private static Set<UserPrincipal> ids(List<String> users, List<String> groups) {
		UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
		Set<UserPrincipal> ids = new HashSet<>();
		try {
			for (String user : users) {
				if (isNumber(user)) {
					ids.add(lookup.lookupPrincipalByName(user));
				}
			}
			for (String group : groups) {
				if (isNumber(group)) {
					ids.add(lookup.lookupPrincipalByGroupName(group));
				}
			}
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new IllegalArgumentException("cannot resolve a numeric user or group: " + ex.getMessage(), ex);
		}
		return ids;
	}

	private static boolean isNumber(String text) {
		return !text.isEmpty() && text.length() <= 10 && text.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	/**
	 * Whether a peer is served: no rule, or its user or its group is listed, by name or by
	 * number. A peer whose credentials the system does not give is refused by any rule.
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
				|| (group != null && this.allowedGroups.contains(group))
				|| allowedId(socket.peerUserPrincipal()) || allowedId(socket.peerGroupPrincipal());
	}

	private boolean allowedId(@Nullable UserPrincipal principal) {
		return principal != null && this.allowedIds.contains(principal);
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
