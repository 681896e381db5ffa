package dev.waiter.server.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ServerSocket} over a listening Unix domain socket channel, for the accept loop
 * that knows only {@code ServerSocket}. The channel is non-blocking: an {@link #accept()}
 * with nothing waiting blocks in a selector of its own, which gives the accept timeout
 * (the idle events, a prefork worker's retirement) that a blocking channel has not, and
 * lets several threads accept at once (prefork). {@link #close()} wakes every waiting
 * accept, which then throws, and removes the socket file (and lets its lock go). Its local
 * address is the path asked for (the channel's own may name the private directory it was
 * bound in, see {@link UnixSocketFile}). It has no address or port:
 * {@link #getInetAddress()} is {@code null} and {@link #getLocalPort()} -1.
 */
public final class UnixServerSocket extends ServerSocket {

	private final ServerSocketChannel channel;

	private final UnixSocketFile file;

	private final Set<Selector> waiting = ConcurrentHashMap.newKeySet();

	private volatile int timeout;

	UnixServerSocket(ServerSocketChannel channel, UnixSocketFile file) throws IOException {
		this.channel = channel;
		this.file = file;
	}

	/** The socket file's path. */
	public Path path() {
		return this.file.path();
	}

	@Override
	public Socket accept() throws IOException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.timeout);
		while (true) {
			SocketChannel client = this.channel.accept();
			if (client != null) {
				return new UnixSocket(client);
			}
			try (Selector selector = Selector.open()) {
				this.waiting.add(selector);
				try {
					if (!this.channel.isOpen()) {
						throw new ClosedChannelException();
					}
					this.channel.register(selector, SelectionKey.OP_ACCEPT);
					long wait = 0;
					if (this.timeout > 0) {
						wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
					}
					if (selector.select(wait) == 0 && this.timeout > 0 && System.nanoTime() - deadline >= 0) {
						throw new SocketTimeoutException("Accept timed out");
					}
				}
				finally {
					this.waiting.remove(selector);
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (!this.channel.isOpen()) {
			return;
		}
		try {
			this.channel.close();
		}
		finally {
			this.waiting.forEach(Selector::wakeup);
			this.file.remove();
		}
	}

	@Override
	public boolean isClosed() {
		return !this.channel.isOpen();
	}

	@Override
	public boolean isBound() {
		return true;
	}

	@Override
	public void setSoTimeout(int timeout) {
		this.timeout = timeout;
	}

	@Override
	public int getSoTimeout() {
		return this.timeout;
	}

	@Override
	public @Nullable InetAddress getInetAddress() {
		return null;
	}

	@Override
	public int getLocalPort() {
		return -1;
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return UnixDomainSocketAddress.of(path());
	}

	@Override
	public void setReuseAddress(boolean on) {
		// no address to reuse: a stale file is replaced by UnixSocketFile
	}

	@Override
	public String toString() {
		return "UnixServerSocket[unix:" + path() + "]";
	}

}
