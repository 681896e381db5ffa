package dev.waiter.server.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run's view of a listening channel it did not open (the socket inherited on standard
 * input), as the {@link ServerSocket} its {@link AcceptLoop}s accept on. {@link #close()}
 * ends this run's accepting, not the channel: the channel stays open for the next run in
 * this JVM and closes with the process. Closing it would gain nothing, as the parent
 * (systemd) holds the socket too, and would cost the logs: the JDK puts {@code /dev/null}
 * on standard input, output and error when an inherited channel closes.
 * <p>
 * Accepts are non-blocking behind a selector of this view's own, so that {@link #close()}
 * wakes a waiting accept at once, as closing a bound socket does, and clients that arrive
 * afterwards stay in the kernel's backlog for the next run or process. Accepting threads
 * (several in prefork mode) take turns, each waiting at most its timeout; {@link #close()}
 * is called by the stopping thread.
 */
final class InheritedListenSocket extends ServerSocket {

	private final ServerSocketChannel channel;

	private final InetSocketAddress local;

	private final Selector selector;

	private final Runnable onClose;

	private final ReentrantLock acceptTurn = new ReentrantLock();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile int timeoutMillis;

	/**
	 * Takes a view of the channel; puts the channel in non-blocking mode.
	 * @param channel a listening TCP channel, left open by {@link #close()}
	 * @param onClose run once by the first {@link #close()}
	 * @throws IOException if no selector can be opened
	 */
	InheritedListenSocket(ServerSocketChannel channel, Runnable onClose) throws IOException {
		this.channel = channel;
		this.local = (InetSocketAddress) channel.getLocalAddress();
		this.onClose = onClose;
		channel.configureBlocking(false);
		this.selector = Selector.open();
		try {
			channel.register(this.selector, SelectionKey.OP_ACCEPT);
		}
		catch (IOException | RuntimeException ex) {
			this.selector.close();
			throw ex;
		}
	}

	@Override
	public Socket accept() throws IOException {
		int timeout = this.timeoutMillis;
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
		takeTurn(timeout, deadline);
		try {
			while (true) {
				if (this.closed.get()) {
					throw new SocketException("Socket is closed");
				}
				SocketChannel client = this.channel.accept();
				if (client != null) {
					return client.socket();
				}
				long remaining = deadline - System.nanoTime();
				if (timeout > 0 && remaining <= 0) {
					throw new SocketTimeoutException("Accept timed out");
				}
				select((timeout > 0) ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)) : 0);
			}
		}
		finally {
			this.acceptTurn.unlock();
		}
	}

	private void takeTurn(int timeout, long deadline) throws IOException {
		try {
			if (timeout == 0) {
				this.acceptTurn.lockInterruptibly();
			}
			else if (!this.acceptTurn.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				throw new SocketTimeoutException("Accept timed out");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted waiting to accept");
		}
	}

	private void select(long millis) throws IOException {
		try {
			this.selector.select(millis);
			this.selector.selectedKeys().clear();
		}
		catch (ClosedSelectorException ex) {
			throw new SocketException("Socket is closed");
		}
	}

	/** Ends this view's accepting and wakes a waiting accept; leaves the channel open. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.selector.wakeup();
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// the channel's registration ends either way
		}
		finally {
			this.onClose.run();
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed.get();
	}

	@Override
	public boolean isBound() {
		return true;
	}

	@Override
	public void bind(SocketAddress endpoint, int backlog) throws IOException {
		throw new SocketException("The inherited socket is bound already: " + this.local);
	}

	@Override
	public InetAddress getInetAddress() {
		return this.local.getAddress();
	}

	@Override
	public int getLocalPort() {
		return this.local.getPort();
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.local;
	}

	@Override
	public void setSoTimeout(int timeout) {
		this.timeoutMillis = timeout;
	}

	@Override
	public int getSoTimeout() {
		return this.timeoutMillis;
	}

	@Override
	public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
		this.channel.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.channel.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.channel.supportedOptions();
	}

	@Override
	public String toString() {
		return "InheritedListenSocket[" + this.local + (isClosed() ? ", closed" : "") + "]";
	}

}
