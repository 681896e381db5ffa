package dev.waiter.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

import dev.waiter.server.transport.InheritedSocket;
import dev.waiter.server.transport.WaiterSocketActivationException;
import dev.waiter.server.transport.UnixServerSocket;
import dev.waiter.server.transport.UnixSocketFile;
import dev.waiter.server.transport.WaiterUnixSocket;

import org.jspecify.annotations.Nullable;

/**
 * Binds the listen socket from the settings: the one place that turns a bind failure
 * into a {@link WaiterBindException}: a TCP socket, or a Unix domain socket
 * ({@link UnixSocketFile}) when {@code waiter.unix-socket} is set, which the address, the
 * port and the port sharing options then do not concern; or takes the inherited one
 * ({@link InheritedSocket}) under socket activation.
 */
final class ListenSocket {

	private ListenSocket() {
	}

	/**
	 * The run's listen socket: bound from address and port, or, with socket activation, the
	 * socket inherited on standard input.
	 * @throws WaiterBindException if the bind fails
	 * @throws WaiterSocketActivationException if there is no inherited socket to serve
	 * @param channels whether accepted sockets must have channels (the request model's idle selector)
	 */
	static ServerSocket bind(RunSettings settings, Duration acceptTimeout, boolean channels) {
		if (settings.isSocketActivation()) {
			return InheritedSocket.STANDARD_INPUT.open(settings.getName(), acceptTimeout);
		}
		WaiterUnixSocket unix = settings.getUnixSocket();
		if (unix != null) {
			if (settings.getTls() != null) {
				throw new IllegalStateException("TLS over a Unix domain socket (" + unix.path() + ") is not supported");
			}
			return bindUnix(settings.getName(), unix, settings.getBacklog(), acceptTimeout);
		}
		ServerSocket socket = null;
		try {
			// a channel's server socket accepts sockets whose channel can wait on a selector
			socket = channels ? ServerSocketChannel.open().socket() : new ServerSocket();
			socket.setReuseAddress(settings.isReuseAddress());
			if (settings.isReusePort()) {
				reusePort(socket);
			}
			socket.setSoTimeout(Math.toIntExact(acceptTimeout.toMillis()));
			socket.bind(new InetSocketAddress(settings.getAddress(), settings.getPort()), settings.getBacklog());
			return socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new WaiterBindException(settings.getName(), settings.getAddress(), settings.getPort(), ex);
		}
	}

	private static ServerSocket bindUnix(String name, WaiterUnixSocket unix, int backlog, Duration acceptTimeout) {
		try {
			ServerSocket socket = UnixSocketFile.bind(unix.path(), unix.permissions(), backlog);
			socket.setSoTimeout(Math.toIntExact(acceptTimeout.toMillis()));
			return socket;
		}
		catch (IOException ex) {
			throw new WaiterBindException(name, unix.path(), ex);
		}
	}

	/**
	 * SO_REUSEPORT, so a new instance can bind beside a running one; an operating system
	 * (or JDK) without it fails the start rather than silently binding alone.
	 */
	private static void reusePort(ServerSocket socket) throws IOException {
		if (!socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
			throw new IOException("waiter.reuse-port=true, but SO_REUSEPORT is not supported on "
					+ System.getProperty("os.name") + " by this JDK");
		}
		socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
	}

	/** A Unix domain socket has no address: its listening event names the loopback one. */
	static InetAddress eventAddress(ServerSocket listen) {
		InetAddress address = listen.getInetAddress();
		return (address != null) ? address : InetAddress.getLoopbackAddress();
	}

	/** Where a run listens, as its log lines say it: {@code address:port} or {@code unix:path}. */
	static String where(ServerSocket listen) {
		if (listen instanceof UnixServerSocket unix) {
			return "unix:" + unix.path();
		}
		return listen.getInetAddress().getHostAddress() + ":" + listen.getLocalPort();
	}

	static void closeQuietly(@Nullable ServerSocket socket) {
		try {
			if (socket != null) {
				socket.close();
			}
		}
		catch (IOException ex) {
			// The listen socket is gone either way.
		}
	}

}
