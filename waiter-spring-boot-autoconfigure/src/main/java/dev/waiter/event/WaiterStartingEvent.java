package dev.waiter.event;

import java.io.Serial;
import java.net.InetAddress;

import dev.waiter.Waiter;
import dev.waiter.WaiterMode;
import org.jspecify.annotations.Nullable;

/**
 * Net::Waiter's {@code on_server_begin}: the server is about to bind its listen socket.
 * Published on the lifecycle thread (the one that starts the application context), once
 * per run, before anything else.
 */
public final class WaiterStartingEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WaiterMode mode;

	private final transient @Nullable InetAddress address;

	private final int port;

	private final boolean ssl;

	/**
	 * Creates the event with the configuration about to be used.
	 * @param waiter the server
	 * @param mode the mode
	 * @param address the address to bind, {@code null} for every interface
	 * @param port the port to bind, 0 for any free one
	 * @param ssl whether TLS is configured
	 */
	public WaiterStartingEvent(Waiter waiter, WaiterMode mode, @Nullable InetAddress address, int port, boolean ssl) {
		super(waiter);
		this.mode = mode;
		this.address = address;
		this.port = port;
		this.ssl = ssl;
	}

	/**
	 * The configured mode.
	 * @return the mode
	 */
	public WaiterMode getMode() {
		return this.mode;
	}

	/**
	 * The configured address.
	 * @return the address, or {@code null} for every interface
	 */
	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	/**
	 * The configured port; 0 asks for any free port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Whether TLS is configured.
	 * @return true with TLS
	 */
	public boolean isSsl() {
		return this.ssl;
	}

}
