package dev.waiter.server.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The file of one listening Unix domain socket, owned while the server listens through its
 * lock file ({@link UnixSocketLock}): another live waiter on the path fails the bind without
 * a connect to it. With the lock taken, a socket file that nobody accepts on (a connect is
 * refused: its process died without removing it) is replaced; one a live process of another
 * kind accepts on (that connect is its client), or a file that is no socket, makes the bind
 * fail. With permissions asked for, the socket is bound in a private directory ({@code
 * rwx------}) beside the path, given them there and renamed into place, so it is never
 * reachable with the umask's; a path too long for that is bound in place and changed at
 * once. At the close the file is removed, unless another process has put a file of its own
 * there meanwhile, and the lock let go. Lifecycle thread.
 */
public final class UnixSocketFile {

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

	private final Path path;

	private final @Nullable Object fileKey;

	private final UnixSocketLock lock;

	private UnixSocketFile(Path path, @Nullable Object fileKey, UnixSocketLock lock) {
		this.path = path;
		this.fileKey = fileKey;
		this.lock = lock;
	}

	/**
	 * Binds a listening channel on the path, replacing a stale socket file.
	 * @param path where the socket file goes
	 * @param permissions the file's permissions, {@code null} to keep what the umask gives
	 * @param backlog the listen backlog
	 * @return the listen socket, its channel non-blocking
	 * @throws IOException the path is held by a live server, is no socket, or cannot be bound
	 */
	public static UnixServerSocket bind(Path path, @Nullable Set<PosixFilePermission> permissions, int backlog)
			throws IOException {
		UnixSocketLock lock = UnixSocketLock.acquire(path);
		ServerSocketChannel channel = null;
		try {
			checkReplaceable(path);
			channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			if (permissions == null || !bindPrivately(channel, path, permissions, backlog)) {
				Files.deleteIfExists(path);
				channel.bind(UnixDomainSocketAddress.of(path), backlog);
				if (permissions != null) {
					Files.setPosixFilePermissions(path, permissions);
				}
			}
			channel.configureBlocking(false);
			Object key = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			return new UnixServerSocket(channel, new UnixSocketFile(path, key, lock));
		}
		catch (IOException | RuntimeException ex) {
			if (channel != null) {
				channel.close();
			}
			lock.release();
			throw ex;
		}
	}

	/**
	 * Binds in a private directory beside the path, sets the permissions, renames the socket
	 * over the path (replacing a stale file in one step).
	 * @return false if the private directory's path is too long for a socket address
	 */
	private static boolean bindPrivately(ServerSocketChannel channel, Path path, Set<PosixFilePermission> permissions,
			int backlog) throws IOException {
		Path directory = path.resolveSibling(".w" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
		Path temporary = directory.resolve("s");
		UnixDomainSocketAddress address;
		try {
			address = UnixDomainSocketAddress.of(temporary);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE));
		try {
			try {
				channel.bind(address, backlog);
			}
			catch (IOException ex) {
				if (ex.getMessage() != null && ex.getMessage().contains("too long")) {
					return false;
				}
				throw ex;
			}
			Files.setPosixFilePermissions(temporary, permissions);
			Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
			return true;
		}
		finally {
			Files.deleteIfExists(temporary);
			Files.deleteIfExists(directory);
		}
	}

	private static void checkReplaceable(Path path) throws IOException {
		PosixFileAttributes attributes;
		try {
			attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return;
		}
		if (!attributes.isOther()) {
			throw new BindException("Address already in use: " + path + " exists and is no socket");
		}
		if (accepting(path)) {
			throw new BindException("Address already in use: a live server accepts on " + path);
		}
	}

	/**
	 * Whether a process that holds no waiter lock accepts on the socket file: a non-blocking
	 * connect that is not refused (a full backlog or a denied permission count as live:
	 * nothing is deleted that may still be in use).
	 */
	private static boolean accepting(Path path) throws IOException {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.configureBlocking(false);
			probe.connect(UnixDomainSocketAddress.of(path));
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** The socket file's path. */
	public Path path() {
		return this.path;
	}

	/** Removes the file if it is still the one this server bound, then lets the lock go. */
	void remove() {
		try {
			Object key = Files.readAttributes(this.path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.fileKey();
			if (Objects.equals(key, this.fileKey)) {
				Files.deleteIfExists(this.path);
			}
		}
		catch (IOException ex) {
			// gone already, or out of reach: nothing of ours to remove
		}
		finally {
			this.lock.release();
		}
	}

}
