package dev.waiter.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The input of a {@link UnixSocket}: reads straight from the blocking channel (not
 * {@code Channels.newInputStream}, which on older JDKs serialises reads with the writes of
 * another thread). A read with a timeout set arms a timer on a daemon thread of its own;
 * if it fires first, it shuts the input down, which wakes the read with the end of
 * stream, and the read throws {@link SocketTimeoutException}. {@link #available()} is
 * always 0: the JDK has no call for it on a Unix channel. Connection's thread.
 */
final class UnixChannelInput extends InputStream {

	private static final ScheduledThreadPoolExecutor TIMERS = timers();

	private final SocketChannel channel;

	private final Runnable shutdownInput;

	private volatile int timeout;

	UnixChannelInput(SocketChannel channel, Runnable shutdownInput) {
		this.channel = channel;
		this.shutdownInput = shutdownInput;
	}

	private static ScheduledThreadPoolExecutor timers() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "waiter-unix-timers");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
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
		if (millis <= 0) {
			return readChannel(ByteBuffer.wrap(b, off, len));
		}
		AtomicBoolean expired = new AtomicBoolean();
		AtomicBoolean done = new AtomicBoolean();
		ScheduledFuture<?> timer = TIMERS.schedule(() -> {
			if (done.compareAndSet(false, true)) {
				expired.set(true);
				this.shutdownInput.run();
			}
		}, millis, TimeUnit.MILLISECONDS);
		try {
			int n = readChannel(ByteBuffer.wrap(b, off, len));
			if (!done.compareAndSet(false, true) && expired.get() && n < 0) {
				throw new SocketTimeoutException("Read timed out");
			}
			return n;
		}
		finally {
			timer.cancel(false);
		}
	}

	private int readChannel(ByteBuffer buffer) throws IOException {
		try {
			return this.channel.read(buffer);
		}
		catch (ClosedChannelException ex) {
			throw new java.net.SocketException("Socket closed");
		}
	}

	@Override
	public int available() {
		return 0;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
