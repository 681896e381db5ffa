package dev.waiter.autoconfigure;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import dev.waiter.server.transport.WaiterUnixSocket;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code waiter.unix-socket*} into the server's {@link WaiterUnixSocket}, checking
 * each value at start-up; {@code null} when the server listens on TCP. On the thread that
 * creates the server bean.
 */
final class WaiterUnixSocketFactory {

	private WaiterUnixSocketFactory() {
	}

	static @Nullable WaiterUnixSocket create(WaiterServerProperties properties) {
		String path = properties.getUnixSocket();
		String permissions = properties.getUnixSocketPermissions();
		if (path == null || path.isBlank()) {
			if (permissions != null || !properties.getUnixAllowedUsers().isEmpty()
					|| !properties.getUnixAllowedGroups().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException("waiter.unix-socket", path,
						"must be set when waiter.unix-socket-permissions, waiter.unix-allowed-users or "
								+ "waiter.unix-allowed-groups is");
			}
			return null;
		}
		if (properties.getSsl().isActive()) {
			throw new InvalidConfigurationPropertyValueException("waiter.unix-socket", path,
					"TLS over a Unix domain socket is not supported: unset waiter.ssl.* for this server "
							+ "(the socket file's permissions guard it instead)");
		}
		try {
			return new WaiterUnixSocket(path(path), permissions(permissions), properties.getUnixAllowedUsers(),
					properties.getUnixAllowedGroups());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("waiter.unix-allowed-users",
					properties.getUnixAllowedUsers(), ex.getMessage());
		}
	}

	private static Path path(String text) {
		try {
			return Path.of(text).toAbsolutePath();
		}
		catch (InvalidPathException ex) {
			throw new InvalidConfigurationPropertyValueException("waiter.unix-socket", text, ex.getMessage());
		}
	}

	private static @Nullable Set<PosixFilePermission> permissions(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return PosixFilePermissions.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("waiter.unix-socket-permissions", text,
					"must be nine characters as ls shows them, e.g. rw-rw----");
		}
	}

}
