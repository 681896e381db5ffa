package dev.waiter.server;

import java.net.InetAddress;

import dev.waiter.server.transport.WaiterUnixSocket;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link WaiterServerSettings server} listens: an address and port (with the TCP
 * listen options), a Unix domain socket, or the socket inherited on standard input; the
 * part of the settings the listen socket ({@link ListenSocket}) is made from. Setters
 * return the settings themselves, so chained calls go on with the other settings.
 * @param <S> the settings type the setters return
 */
public abstract class WaiterListenSettings<S extends WaiterListenSettings<S>> {

	private @Nullable InetAddress address;

	private int port = 9123;

	private int backlog = 128;

	private boolean reuseAddress = true;

	private boolean reusePort;

	private @Nullable WaiterUnixSocket unixSocket;

	private boolean socketActivation;

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public S setAddress(@Nullable InetAddress address) {
		this.address = address;
		return self();
	}

	public int getPort() {
		return this.port;
	}

	public S setPort(int port) {
		this.port = port;
		return self();
	}

	public int getBacklog() {
		return this.backlog;
	}

	public S setBacklog(int backlog) {
		this.backlog = backlog;
		return self();
	}

	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	public S setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
		return self();
	}

	/**
	 * Whether the listen socket sets {@code SO_REUSEPORT}, so another instance can bind the
	 * same port beside it.
	 * @return true to share the port
	 */
	public boolean isReusePort() {
		return this.reusePort;
	}

	public S setReusePort(boolean reusePort) {
		this.reusePort = reusePort;
		return self();
	}

	/**
	 * The Unix domain socket the server listens on instead of TCP (then the address and
	 * the port are not used), or {@code null} for TCP.
	 * @return the socket's settings
	 */
	public @Nullable WaiterUnixSocket getUnixSocket() {
		return this.unixSocket;
	}

	public S setUnixSocket(@Nullable WaiterUnixSocket unixSocket) {
		this.unixSocket = unixSocket;
		return self();
	}

	/**
	 * Whether the server serves the listening socket the process inherited on standard
	 * input (systemd, inetd) instead of binding address and port.
	 * @return true to serve the inherited socket
	 */
	public boolean isSocketActivation() {
		return this.socketActivation;
	}

	public S setSocketActivation(boolean socketActivation) {
		this.socketActivation = socketActivation;
		return self();
	}

	/** The settings themselves, which the setters return. */
	abstract S self();

}
