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
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The file of one listening Unix domain socket. Before the bind, a socket file that nobody
 * accepts on (a connect is refused: its process died without removing it) is deleted;
 * one a live process accepts on, or a file that is no socket, makes the bind fail. After
 * the bind the file gets its permissions (between the bind and that change it has the
 * process's umask's). At the close it is removed, unless another process has put a file of
 * its own there meanwhile. Lifecycle thread.
 */
public final class UnixSocketFile {

	private final Path path;

	private final @Nullable Object fileKey;

	private UnixSocketFile(Path path, @Nullable Object fileKey) {
		this.path = path;
		this.fileKey = fileKey;
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
		removeIfStale(path);
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.bind(UnixDomainSocketAddress.of(path), backlog);
			if (permissions != null) {
				Files.setPosixFilePermissions(path, permissions);
			}
			channel.configureBlocking(false);
			Object key = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			return new UnixServerSocket(channel, new UnixSocketFile(path, key));
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	private static void removeIfStale(Path path) throws IOException {
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
		Files.deleteIfExists(path);
	}

	/**
	 * Whether a process accepts on the socket file: a non-blocking connect that is not
	 * refused (a full backlog or a denied permission count as live: nothing is deleted
	 * that may still be in use).
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

	/** Removes the file if it is still the one this server bound. */
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
	}

}
