package dev.waiter.event;

import java.io.Serial;
import java.net.InetAddress;

import dev.waiter.Waiter;

/**
 * Net::Waiter's {@code on_listen_ok}: the listen socket is bound and no client has been
 * accepted yet. Published on the lifecycle thread, after which the acceptor starts.
 */
public final class WaiterListeningEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient InetAddress address;

	private final int port;

	private final boolean ssl;

	/**
	 * Creates the event for a bound listen socket.
	 * @param waiter the server
	 * @param address the bound address
	 * @param port the bound port
	 * @param ssl whether clients are served over TLS
	 */
	public WaiterListeningEvent(Waiter waiter, InetAddress address, int port, boolean ssl) {
		super(waiter);
		this.address = address;
		this.port = port;
		this.ssl = ssl;
	}

	/**
	 * The bound address.
	 * @return the address
	 */
	public InetAddress getAddress() {
		return this.address;
	}

	/**
	 * The bound port (the one the OS picked when {@code waiter.port=0}).
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Whether clients are served over TLS.
	 * @return true with TLS
	 */
	public boolean isSsl() {
		return this.ssl;
	}

}
