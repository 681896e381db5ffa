package dev.waiter.server.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The listening socket the process inherited on standard input ({@link System#inheritedChannel()}),
 * lent to one server at a time as an {@link InheritedListenSocket}: a process has one
 * standard input, so a second server asking while the first serves it fails. The channel
 * is never closed here (see {@link InheritedListenSocket}), so a server stopped and
 * started again in the same JVM serves it again. Called on the lifecycle thread (open) and
 * on the stopping thread (release, through the view's close).
 */
public final class InheritedSocket {

	/** Where the channel comes from: the process's standard input, or a test's channel. */
	public interface Source {

		@Nullable Channel channel() throws IOException;

	}

	/** The process's own: standard input. */
	public static final InheritedSocket STANDARD_INPUT = new InheritedSocket(System::inheritedChannel);

	private final Source source;

	private @Nullable String servedBy;

	public InheritedSocket(Source source) {
		this.source = source;
	}

	/**
	 * A view of the inherited socket for one run of the named server.
	 * @param serverName the server that will accept on it
	 * @param acceptTimeout the accept timeout, zero for none
	 * @return the listen socket of the run
	 * @throws WaiterSocketActivationException if there is no listening TCP socket, or
	 * another server serves it
	 */
	public synchronized ServerSocket open(String serverName, Duration acceptTimeout) {
		if (this.servedBy != null) {
			throw new WaiterSocketActivationException("server '" + this.servedBy
					+ "' serves it already, and a process has one standard input; server '" + serverName
					+ "' must bind a port of its own", null);
		}
		ServerSocketChannel channel = listening();
		try {
			InheritedListenSocket socket = new InheritedListenSocket(channel, this::release);
			socket.setSoTimeout(Math.toIntExact(acceptTimeout.toMillis()));
			this.servedBy = serverName;
			return socket;
		}
		catch (IOException ex) {
			throw new WaiterSocketActivationException("it cannot be accepted on: " + ex.getMessage(), ex);
		}
	}

	private synchronized void release() {
		this.servedBy = null;
	}

	private ServerSocketChannel listening() {
		Channel channel;
		try {
			channel = this.source.channel();
		}
		catch (IOException | RuntimeException ex) {
			throw new WaiterSocketActivationException("the JDK could not take it: " + ex.getMessage(), ex);
		}
		if (channel == null) {
			throw new WaiterSocketActivationException(
					"standard input is not a socket; start the application with its listening socket there", null);
		}
		if (channel instanceof SocketChannel) {
			throw new WaiterSocketActivationException("standard input is a connected socket, one client's "
					+ "(systemd Accept=yes, inetd nowait); waiter needs the listening socket (Accept=no, inetd wait)",
					null);
		}
		if (!(channel instanceof ServerSocketChannel listening)) {
			throw new WaiterSocketActivationException("standard input is not a stream socket that listens ("
					+ channel.getClass().getSimpleName() + ")", null);
		}
		SocketAddress local = localAddress(listening);
		if (!(local instanceof InetSocketAddress)) {
			throw new WaiterSocketActivationException("standard input listens on " + local
					+ ", not on a TCP address", null);
		}
		return listening;
	}

	private static @Nullable SocketAddress localAddress(ServerSocketChannel channel) {
		try {
			return channel.getLocalAddress();
		}
		catch (IOException ex) {
			throw new WaiterSocketActivationException("its address cannot be read: " + ex.getMessage(), ex);
		}
	}

}
