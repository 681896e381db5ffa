package dev.waiter.server.transport;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link UnixSocket} waits once it needs a timed read: a Unix channel has no timed
 * read of its own, so at its first read with a timeout the channel turns non-blocking for
 * good, and a read or a write that finds nothing to do waits in a selector of its
 * direction (opened then, one each, so the reading and a writing thread never share one).
 * A connection that never sets a timeout stays blocking and opens none. The switch takes
 * the channel's read and write locks: a write blocked on another thread delays it.
 * {@link #close()} wakes a waiting read or write, which then throws. Connection's thread,
 * and the closing thread for {@link #close()}.
 */
final class UnixChannelWaits {

	private final SocketChannel channel;

	private volatile boolean nonBlocking;

	private @Nullable Selector reads;

	private @Nullable Selector writes;

	private boolean closed;

	UnixChannelWaits(SocketChannel channel) {
		this.channel = channel;
	}

	/** Whether reads and writes go through the selectors (a timed read happened). */
	boolean nonBlocking() {
		return this.nonBlocking;
	}

	/** Turns the channel non-blocking, once. */
	void switchToNonBlocking() throws IOException {
		synchronized (this) {
			if (!this.nonBlocking) {
				this.channel.configureBlocking(false);
				this.nonBlocking = true;
			}
		}
	}

	/**
	 * Waits until the channel may have bytes to read, at most the time given.
	 * @param millis the longest wait, 0 for no limit
	 */
	void awaitReadable(long millis) throws IOException {
		await(selector(SelectionKey.OP_READ), millis);
	}

	/** Waits until the channel may take more bytes. */
	void awaitWritable() throws IOException {
		await(selector(SelectionKey.OP_WRITE), 0);
	}

	private void await(Selector selector, long millis) throws IOException {
		try {
			selector.select(millis);
			selector.selectedKeys().clear();
		}
		catch (ClosedSelectorException ex) {
			throw new SocketException("Socket closed");
		}
		if (!this.channel.isOpen()) {
			throw new SocketException("Socket closed");
		}
	}

	private synchronized Selector selector(int operation) throws IOException {
		if (this.closed || !this.channel.isOpen()) {
			throw new SocketException("Socket closed");
		}
		Selector selector = (operation == SelectionKey.OP_READ) ? this.reads : this.writes;
		if (selector == null) {
			selector = Selector.open();
			try {
				this.channel.register(selector, operation);
			}
			catch (IOException | RuntimeException ex) {
				selector.close();
				throw ex;
			}
			if (operation == SelectionKey.OP_READ) {
				this.reads = selector;
			}
			else {
				this.writes = selector;
			}
		}
		return selector;
	}

	/**
	 * Closes the channel, then the selectors, which wakes a waiting read or write (and lets a
	 * registered channel's descriptor go).
	 */
	void close() throws IOException {
		try {
			this.channel.close();
		}
		finally {
			closeSelectors();
		}
	}

	private void closeSelectors() {
		Selector reading;
		Selector writing;
		synchronized (this) {
			this.closed = true;
			reading = this.reads;
			writing = this.writes;
		}
		closeQuietly(reading);
		closeQuietly(writing);
	}

	private static void closeQuietly(@Nullable Selector selector) {
		if (selector == null) {
			return;
		}
		try {
			selector.close();
		}
		catch (IOException ex) {
			// its registration ends either way
		}
	}

}
