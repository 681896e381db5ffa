package dev.waiter.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Binds the listen socket from the settings: the one place that turns a bind failure
 * into a {@link WaiterBindException}, or takes the inherited one ({@link InheritedSocket}).
 */
final class ListenSocket {

	private ListenSocket() {
	}

	/**
	 * The run's listen socket: bound from address and port, or, with socket activation, the
	 * socket inherited on standard input.
	 * @throws WaiterBindException if the bind fails
	 * @throws WaiterSocketActivationException if there is no inherited socket to serve
	 */
	static ServerSocket bind(RunSettings settings, Duration acceptTimeout) {
		if (settings.isSocketActivation()) {
			return InheritedSocket.STANDARD_INPUT.open(settings.getName(), acceptTimeout);
		}
		ServerSocket socket = null;
		try {
			socket = new ServerSocket();
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
			throw new WaiterBindException(settings.getAddress(), settings.getPort(), ex);
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
