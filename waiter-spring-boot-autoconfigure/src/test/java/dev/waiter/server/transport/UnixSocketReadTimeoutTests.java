package dev.waiter.server.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The emulated {@code SO_TIMEOUT} of a {@link UnixSocket}: a read that times out throws
 * and leaves the connection as it was, so a later read gets the later bytes, none lost
 * nor read twice, even when they arrive at the deadline.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketReadTimeoutTests {

	@TempDir
	Path directory;

	private UnixServerSocket listen;

	private SocketChannel client;

	private Socket accepted;

	@BeforeEach
	void connect() throws IOException {
		Path path = this.directory.resolve("t.sock");
		this.listen = UnixSocketFile.bind(path, null, 8);
		this.listen.setSoTimeout(10_000);
		this.client = SocketChannel.open(StandardProtocolFamily.UNIX);
		this.client.connect(UnixDomainSocketAddress.of(path));
		this.accepted = this.listen.accept();
	}

	@AfterEach
	void close() throws IOException {
		this.accepted.close();
		this.client.close();
		this.listen.close();
	}

	@Test
	void aReadThatTimesOutThrowsAndALaterReadGetsTheBytesSentAfterIt() throws Exception {
		this.accepted.setSoTimeout(100);
		InputStream input = this.accepted.getInputStream();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> input.read(new byte[8]));
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(input::read);
		this.client.write(ByteBuffer.wrap("later".getBytes()));
		this.accepted.setSoTimeout(10_000);
		byte[] read = new byte[5];
		int n = 0;
		while (n < read.length) {
			n += input.read(read, n, read.length - n);
		}
		assertThat(new String(read)).isEqualTo("later");
		this.accepted.setSoTimeout(0);
		this.client.write(ByteBuffer.wrap("!".getBytes()));
		assertThat(input.read()).isEqualTo('!');
		assertThat(this.accepted.isInputShutdown()).isFalse();
	}

	@Test
	void bytesArrivingWhileReadsKeepTimingOutAreEachReadOnceInOrder() throws Exception {
		int total = 20_000;
		this.accepted.setSoTimeout(1);
		CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
			try {
				for (int i = 0; i < total; i += 100) {
					byte[] chunk = new byte[100];
					for (int j = 0; j < chunk.length; j++) {
						chunk[j] = (byte) (i + j);
					}
					ByteBuffer buffer = ByteBuffer.wrap(chunk);
					while (buffer.hasRemaining()) {
						this.client.write(buffer);
					}
					if (i % 1000 == 0) {
						Thread.onSpinWait();
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		InputStream input = this.accepted.getInputStream();
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[37];
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (received.size() < total && System.nanoTime() < deadline) {
			try {
				int n = input.read(buffer);
				assertThat(n).as("end of stream after %d bytes", received.size()).isPositive();
				received.write(buffer, 0, n);
			}
			catch (SocketTimeoutException ex) {
				// the sender is between two chunks: read on
			}
		}
		sender.get(30, TimeUnit.SECONDS);
		byte[] bytes = received.toByteArray();
		assertThat(bytes).hasSize(total);
		for (int i = 0; i < total; i++) {
			assertThat(bytes[i]).as("byte %d", i).isEqualTo((byte) i);
		}
	}

}
