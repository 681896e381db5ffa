package dev.waiter.server.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import dev.waiter.frame.Framing;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's output buffer over a real loopback socket: small until a write needs
 * more, never past its full size, every byte delivered in order.
 */
class SocketOutputTests {

	@FunctionalInterface
	private interface Writes {

		void to(SocketOutput output) throws IOException;

	}

	@Test
	void smallRepliesKeepTheSmallBuffer() throws IOException {
		byte[] received = exchange((output) -> {
			for (int i = 0; i < 100; i++) {
				output.writeAscii("+OK\r\n");
				output.writeDecimal(i);
				output.flush();
			}
			assertThat(output.capacity()).isEqualTo(SocketInput.INITIAL_BUFFER_SIZE);
		});
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			expected.append("+OK\r\n").append(i);
		}
		assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
	}

	@Test
	void aReplyLargerThanTheSmallBufferGrowsItAndIsBufferedWhole() throws IOException {
		byte[] reply = new byte[1500];
		new Random(7).nextBytes(reply);
		byte[] received = exchange((output) -> {
			output.write(reply, 0, 100);
			output.write(reply, 100, 1400);
			assertThat(output.pending()).isEqualTo(1500);
			assertThat(output.capacity()).isEqualTo(2048);
			output.flush();
		});
		assertThat(received).isEqualTo(reply);
	}

	@Test
	void writesOfEverySizePastTheFullBufferArriveInOrder() throws IOException {
		Random random = new Random(11);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		byte[] received = exchange((output) -> {
			for (int i = 0; i < 300; i++) {
				byte[] chunk = new byte[random.nextInt(3000)];
				random.nextBytes(chunk);
				expected.write(chunk);
				if (chunk.length == 1) {
					output.write(chunk[0]);
				}
				else {
					output.write(chunk, 0, chunk.length);
				}
				assertThat(output.capacity()).isLessThanOrEqualTo(2048);
			}
			output.flush();
		});
		assertThat(received).isEqualTo(expected.toByteArray());
	}

	/** Runs the writes on a server-side connection and returns what its client received. */
	private static byte[] exchange(Writes writes) throws IOException {
		try (ServerSocket listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				Socket client = new Socket(InetAddress.getLoopbackAddress(), listen.getLocalPort());
				Socket accepted = listen.accept()) {
			client.setSoTimeout(10_000);
			SocketConnection connection = new SocketConnection(1, accepted, StandardCharsets.UTF_8, Framing.lf(100),
					() -> false, false);
			ReadAll reader = new ReadAll(client.getInputStream());
			reader.start();
			writes.to((SocketOutput) connection.out());
			accepted.shutdownOutput();
			return reader.result();
		}
	}

	/** Reads the client's side to its end while the server writes, so no write blocks. */
	private static final class ReadAll extends Thread {

		private final InputStream in;

		private volatile byte[] bytes = new byte[0];

		private volatile @Nullable IOException failure;

		ReadAll(InputStream in) {
			this.in = in;
		}

		@Override
		public void run() {
			try {
				this.bytes = this.in.readAllBytes();
			}
			catch (IOException ex) {
				this.failure = ex;
			}
		}

		byte[] result() throws IOException {
			try {
				join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.failure != null) {
				throw this.failure;
			}
			assertThat(isAlive()).as("client read to the end").isFalse();
			return this.bytes;
		}

	}

}
