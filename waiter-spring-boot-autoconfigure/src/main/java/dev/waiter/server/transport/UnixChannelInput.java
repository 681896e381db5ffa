package dev.waiter.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Channels;
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
 * stream, and the read throws {@link SocketTimeoutException}: the input then stays shut
 * down (the server's own timed reads, the lingering closes, close the socket next; a read
 * that returns data just as its timeout fires may still leave the input shut).
 * {@link #available()} asks the kernel through {@code Channels.newInputStream}, whose
 * {@code available()} counts a socket channel's waiting bytes from JDK 21 on and is 0 on
 * JDK 17: there, a graceful stop cannot see a request waiting in the kernel (see
 * {@code docs/production.md}). Connection's thread, and the stopping thread for
 * {@code available()}.
 */
final class UnixChannelInput extends InputStream {

	private static final ScheduledThreadPoolExecutor TIMERS = timers();

	private final SocketChannel channel;

	private final Runnable shutdownInput;

	/** Reads nothing: only its {@code available()} is used, which takes no lock a read or write holds. */
	private final InputStream waiting;

	private volatile int timeout;

	UnixChannelInput(SocketChannel channel, Runnable shutdownInput) {
		this.waiting = Channels.newInputStream(channel);
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
	public int available() throws IOException {
		return this.waiting.available();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
