package dev.waiter.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Binds the listen socket from the settings: the one place that turns a bind failure
 * into a {@link WaiterBindException}.
 */
final class ListenSocket {

	private ListenSocket() {
	}

	static ServerSocket bind(WaiterServerSettings settings, Duration acceptTimeout) {
		ServerSocket socket = null;
		try {
			socket = new ServerSocket();
			socket.setReuseAddress(settings.isReuseAddress());
			socket.setSoTimeout(Math.toIntExact(acceptTimeout.toMillis()));
			socket.bind(new InetSocketAddress(settings.getAddress(), settings.getPort()), settings.getBacklog());
			return socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new WaiterBindException(settings.getAddress(), settings.getPort(), ex);
		}
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
