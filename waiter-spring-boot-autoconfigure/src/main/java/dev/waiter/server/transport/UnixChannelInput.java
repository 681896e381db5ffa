package dev.waiter.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The input of a {@link UnixSocket}: reads straight from the channel (not
 * {@code Channels.newInputStream}, which on older JDKs serialises reads with the writes of
 * another thread). Without a timeout, and until the first read with one, a read is the
 * blocking channel's own. A read with a timeout turns the channel non-blocking
 * ({@link UnixChannelWaits}); from then on a read takes what is there, or waits in the
 * read selector until bytes come or the deadline passes, and then throws
 * {@link SocketTimeoutException} having consumed nothing: the connection stays usable and
 * a later read gets the later bytes. {@link #available()} asks the kernel through
 * {@code Channels.newInputStream}, whose {@code available()} counts a socket channel's
 * waiting bytes from JDK 21 on and is 0 on JDK 17: there, a graceful stop cannot see a
 * request waiting in the kernel (see {@code docs/production.md}). Connection's thread,
 * and the stopping thread for {@code available()}.
 */
final class UnixChannelInput extends InputStream {

	private final SocketChannel channel;

	private final UnixChannelWaits waits;

	/** Reads nothing: only its {@code available()} is used, which takes no lock a read or write holds. */
	private final InputStream waiting;

	private volatile int timeout;

	UnixChannelInput(SocketChannel channel, UnixChannelWaits waits) {
		this.waiting = Channels.newInputStream(channel);
		this.channel = channel;
		this.waits = waits;
	}

	void timeout(int millis) {
		this.timeout = millis;
	}

	int timeout() {
		return this.timeout;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (len == 0) {
			return 0;
		}
		int millis = this.timeout;
		ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
		if (!this.waits.nonBlocking()) {
			if (millis <= 0) {
				return readChannel(buffer);
			}
			this.waits.switchToNonBlocking();
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (true) {
			int n = readChannel(buffer);
			if (n != 0) {
				return n;
			}
			long wait = 0;
			if (millis > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					throw new SocketTimeoutException("Read timed out");
				}
				wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
			}
			this.waits.awaitReadable(wait);
		}
	}

	private int readChannel(ByteBuffer buffer) throws IOException {
		try {
			return this.channel.read(buffer);
		}
		catch (ClosedChannelException ex) {
			throw new SocketException("Socket closed");
		}
	}

	@Override
	public int available() throws IOException {
		return this.waiting.available();
	}

	@Override
	public void close() throws IOException {
		this.waits.close();
	}

}
