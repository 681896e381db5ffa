package dev.waiter.server.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The socket file's life: two servers racing to replace one stale file (exactly one
 * wins, the other fails and deletes nothing of the winner's), the permissions in place
 * before the file can be reached, and a path held by a live waiter refused without a
 * connect to it.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketFileTests {

	private static final int ROUNDS = 100;

	@TempDir
	Path directory;

	@Test
	void twoServersRacingForOneStaleFileEndWithExactlyOneListeningAndReachable() throws Exception {
		Path path = this.directory.resolve("race.sock");
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				stale(path);
				CyclicBarrier start = new CyclicBarrier(2);
				List<Future<UnixServerSocket>> binds = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					binds.add(threads.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return UnixSocketFile.bind(path, null, 8);
					}));
				}
				List<UnixServerSocket> winners = new ArrayList<>();
				for (Future<UnixServerSocket> bind : binds) {
					try {
						winners.add(bind.get(10, TimeUnit.SECONDS));
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOf(IOException.class);
					}
				}
				try {
					assertThat(winners).as("round %d", round).hasSize(1);
					try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
						assertThat(winners.get(0).accept()).isNotNull().satisfies((socket) -> socket.close());
					}
				}
				finally {
					for (UnixServerSocket winner : winners) {
						winner.close();
					}
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void theFileIsNeverSeenAtItsPathWithOtherPermissionsThanAskedFor() throws Exception {
		Path path = this.directory.resolve("perm.sock");
		Set<PosixFilePermission> asked = PosixFilePermissions.fromString("rw-------");
		AtomicBoolean binding = new AtomicBoolean(true);
		List<String> seen = new ArrayList<>();
		CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
			while (binding.get()) {
				try {
					Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
					if (!now.equals(asked) && seen.size() < 10) {
						seen.add(PosixFilePermissions.toString(now));
					}
				}
				catch (NoSuchFileException ex) {
					// not bound yet, or removed
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
		});
		try {
			for (int round = 0; round < ROUNDS * 5; round++) {
				UnixSocketFile.bind(path, asked, 8).close();
			}
		}
		finally {
			binding.set(false);
		}
		watcher.get(30, TimeUnit.SECONDS);
		assertThat(seen).isEmpty();
		try (UnixServerSocket listen = UnixSocketFile.bind(path, asked, 8)) {
			assertThat(Files.getPosixFilePermissions(path)).isEqualTo(asked);
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				assertThat(listen.accept()).isNotNull();
			}
		}
		assertThat(path).doesNotExist();
		try (var left = Files.list(this.directory)) {
			assertThat(left.map((file) -> file.getFileName().toString()))
				.as("no temporary directory is left behind")
				.allMatch((name) -> name.endsWith(".lock"));
		}
	}

	@Test
	void aPathALiveWaiterHoldsIsRefusedWithoutAConnectThatItsServerWouldAccept() throws Exception {
		Path path = this.directory.resolve("live.sock");
		try (UnixServerSocket live = UnixSocketFile.bind(path, null, 8)) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> UnixSocketFile.bind(path, null, 8))
				.withMessageContaining("live server");
			live.setSoTimeout(200);
			assertThatExceptionOfType(java.net.SocketTimeoutException.class).as("the probe left no client to accept")
				.isThrownBy(live::accept);
			assertThat(path).exists();
		}
	}

	private static void stale(Path path) throws IOException {
		ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		dead.bind(UnixDomainSocketAddress.of(path));
		dead.close();
	}

}
