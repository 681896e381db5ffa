package dev.waiter.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Socket} over one accepted Unix domain socket channel (blocking), for the
 * connection, the TLS layer and the PROXY header reader, which know only {@code Socket}.
 * <ul>
 * <li>A Unix peer has no address: {@link #getInetAddress()} and
 * {@link #getLocalAddress()} report the loopback address and the ports are 0, so the
 * server's address-based rules see a client on this host.</li>
 * <li>{@link #setSoTimeout(int)} is emulated ({@link UnixChannelInput}): a read that
 * outlasts it throws {@link java.net.SocketTimeoutException} having read nothing, and the
 * connection stays usable, as a TCP socket's; the first timed read turns the channel
 * non-blocking behind two selectors of its own ({@link UnixChannelWaits}).</li>
 * <li>{@code available()} counts the kernel's waiting bytes from JDK 21 on; it is 0 on JDK 17,
 * which has no call for it on a Unix channel.</li>
 * <li>A thread whose interrupt flag is set closes the connection when it reads or writes, as
 * any NIO channel (and a TCP socket on a virtual thread) does.</li>
 * <li>TCP options (no-delay, keep-alive, buffer sizes, linger) are accepted and do
 * nothing.</li>
 * </ul>
 * The peer's credentials ({@code SO_PEERCRED}: user and group; the JDK gives no pid) are
 * read once, at the accept.
 */
public final class UnixSocket extends Socket {

	private static final InetSocketAddress NO_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

	private final SocketChannel channel;

	private final UnixChannelInput input;

	private final UnixChannelOutput output;

	private final UnixChannelWaits waits;

	private final @Nullable UnixDomainPrincipal principal;

	private volatile boolean inputShut;

	private volatile boolean outputShut;

	UnixSocket(SocketChannel channel) {
		this.channel = channel;
		this.waits = new UnixChannelWaits(channel);
		this.input = new UnixChannelInput(channel, this.waits);
		this.output = new UnixChannelOutput(channel, this.waits);
		this.principal = principal(channel);
	}

	private static @Nullable UnixDomainPrincipal principal(SocketChannel channel) {
		try {
			return channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	/** The peer's user name (or numeric id when it has no name), if the system gives it. */
	public @Nullable String peerUser() {
		return (this.principal != null) ? name(this.principal.user()) : null;
	}

	/** The peer's group name (or numeric id when it has no name), if the system gives it. */
	public @Nullable String peerGroup() {
		return (this.principal != null) ? name(this.principal.group()) : null;
	}

	/** The peer's user, compared by its uid, if the system gives it. */
	public @Nullable UserPrincipal peerUserPrincipal() {
		return (this.principal != null) ? this.principal.user() : null;
	}

	/** The peer's group, compared by its gid, if the system gives it. */
	public @Nullable UserPrincipal peerGroupPrincipal() {
		return (this.principal != null) ? this.principal.group() : null;
	}

	private static String name(UserPrincipal principal) {
		return principal.getName();
	}

	/** The channel, so that a connection of the request model can wait on a selector. */
	@Override
	public SocketChannel getChannel() {
		return this.channel;
	}

	@Override
	public InputStream getInputStream() throws IOException {
		ensureOpen();
		return this.input;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		ensureOpen();
		return this.output;
	}

	private void ensureOpen() throws SocketException {
		if (!this.channel.isOpen()) {
			throw new SocketException("Socket is closed");
		}
	}

	@Override
	public void close() throws IOException {
		this.waits.close();
	}

	@Override
	public boolean isClosed() {
		return !this.channel.isOpen();
	}

	@Override
	public boolean isConnected() {
		return true;
	}

	@Override
	public boolean isBound() {
		return true;
	}

	@Override
	public void shutdownInput() throws IOException {
		this.inputShut = true;
		this.channel.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.outputShut = true;
		this.channel.shutdownOutput();
	}

	@Override
	public boolean isInputShutdown() {
		return this.inputShut;
	}

	@Override
	public boolean isOutputShutdown() {
		return this.outputShut;
	}

	@Override
	public void setSoTimeout(int timeout) {
		this.input.timeout(timeout);
	}

	@Override
	public int getSoTimeout() {
		return this.input.timeout();
	}

	@Override
	public InetAddress getInetAddress() {
		return NO_ADDRESS.getAddress();
	}

	@Override
	public int getPort() {
		return 0;
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return NO_ADDRESS;
	}

	@Override
	public InetAddress getLocalAddress() {
		return NO_ADDRESS.getAddress();
	}

	@Override
	public int getLocalPort() {
		return 0;
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return NO_ADDRESS;
	}

	@Override
	public void setTcpNoDelay(boolean on) {
		// no Nagle on a Unix socket
	}

	@Override
	public boolean getTcpNoDelay() {
		return true;
	}

	@Override
	public void setKeepAlive(boolean on) {
		// a Unix peer's death is seen at once
	}

	@Override
	public boolean getKeepAlive() {
		return false;
	}

	@Override
	public void setSendBufferSize(int size) {
		// the write timeout's smaller buffer matters for TCP's window only
	}

	@Override
	public void setReceiveBufferSize(int size) {
		// kept as the kernel sizes it
	}

	@Override
	public void setSoLinger(boolean on, int linger) {
		// a close never resets a Unix peer's delivered bytes
	}

	@Override
	public int getSoLinger() {
		return -1;
	}

	@Override
	public String toString() {
		return "UnixSocket[" + ((this.principal != null) ? "unix:" + peerUser() : "unix") + "]";
	}

}
