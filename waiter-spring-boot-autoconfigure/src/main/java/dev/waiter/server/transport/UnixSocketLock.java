package dev.waiter.server.transport;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The lock file beside a socket file ({@code path + ".lock"}), locked ({@code flock}-style,
 * {@link FileChannel#tryLock()}) for as long as the server listens: whoever holds it owns
 * the socket path, so two servers starting on one stale file cannot both replace it, and a
 * server finds another live waiter on its path without connecting to it. The lock file
 * stays on disk when the server stops: deleting it would let a server lock a file that a
 * third one has just replaced. A crashed process's lock goes with the process. Lifecycle
 * thread.
 */
final class UnixSocketLock {

	private final FileChannel channel;

	private UnixSocketLock(FileChannel channel) {
		this.channel = channel;
	}

	/**
	 * Takes the lock of the socket path.
	 * @throws BindException if another server (process or JVM) holds it
	 * @throws IOException if the lock file cannot be opened
	 */
	static UnixSocketLock acquire(Path socket) throws IOException {
		Path path = socket.resolveSibling(socket.getFileName() + ".lock");
		FileChannel channel = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw held(socket, path);
			}
			return new UnixSocketLock(channel);
		}
		catch (OverlappingFileLockException ex) {
			channel.close();
			throw held(socket, path);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	private static BindException held(Path socket, Path lock) {
		return new BindException("Address already in use: a live server accepts on " + socket + " (it holds " + lock
				+ ")");
	}

	/** Lets the path go: the lock file stays. */
	void release() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// the lock ends with the descriptor either way
		}
	}

}
