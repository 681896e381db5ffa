package dev.waiter.autoconfigure;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a server listens: its address and port and the TCP listen options, or a Unix
 * domain socket, or the socket inherited on standard input. The part of
 * {@link WaiterServerProperties} (and so of every named server's) that the listen socket
 * is made from.
 */
public class WaiterListenProperties {

	/**
	 * TCP port to listen on (Net::Waiter's PORT); 0 picks a free port.
	 */
	private int port = 9123;

	/**
	 * Network address to bind to; every interface when unset.
	 */
	private @Nullable InetAddress address;

	/**
	 * Length of the listen queue for clients not accepted yet.
	 */
	private int backlog = 128;

	/**
	 * Whether the listen socket may bind while old connections linger (SO_REUSEADDR).
	 */
	private boolean reuseAddress = true;

	/**
	 * Whether the listen socket sets SO_REUSEPORT, so a new instance can bind the same
	 * port beside this one for a restart without refused clients.
	 */
	private boolean reusePort;

	/**
	 * Path of a Unix domain socket to listen on instead of TCP; then waiter.address and
	 * waiter.port are not used, and the server's port is -1.
	 */
	private @Nullable String unixSocket;

	/**
	 * Permissions of the Unix domain socket's file, as ls shows them (e.g. rw-rw----).
	 * Unset: what the process's umask gives.
	 */
	private @Nullable String unixSocketPermissions;

	/**
	 * Users (by name, or by uid given as a number) whose clients a Unix domain socket serves, from the peer's
	 * credentials; others get the rejected event with reason denied. Empty, with
	 * waiter.unix-allowed-groups empty too: every peer the file's permissions let in.
	 */
	private List<String> unixAllowedUsers = new ArrayList<>();

	/**
	 * Groups (by name, or by gid given as a number) whose clients a Unix domain socket serves, besides
	 * waiter.unix-allowed-users.
	 */
	private List<String> unixAllowedGroups = new ArrayList<>();

	/**
	 * Whether to serve the listening socket inherited on standard input (systemd
	 * StandardInput=socket with Accept=no, systemd-socket-activate --inetd, inetd wait)
	 * instead of binding one: port, address, backlog, reuse-address and reuse-port are then
	 * ignored. Default server only.
	 */
	private boolean socketActivation;

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable InetAddress address) {
		this.address = address;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		this.backlog = backlog;
	}

	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
	}

	public boolean isReusePort() {
		return this.reusePort;
	}

	public void setReusePort(boolean reusePort) {
		this.reusePort = reusePort;
	}

	public @Nullable String getUnixSocket() {
		return this.unixSocket;
	}

	public void setUnixSocket(@Nullable String unixSocket) {
		this.unixSocket = unixSocket;
	}

	public @Nullable String getUnixSocketPermissions() {
		return this.unixSocketPermissions;
	}

	public void setUnixSocketPermissions(@Nullable String unixSocketPermissions) {
		this.unixSocketPermissions = unixSocketPermissions;
	}

	public List<String> getUnixAllowedUsers() {
		return this.unixAllowedUsers;
	}

	public void setUnixAllowedUsers(List<String> unixAllowedUsers) {
		this.unixAllowedUsers = unixAllowedUsers;
	}

	public List<String> getUnixAllowedGroups() {
		return this.unixAllowedGroups;
	}

	public void setUnixAllowedGroups(List<String> unixAllowedGroups) {
		this.unixAllowedGroups = unixAllowedGroups;
	}

	public boolean isSocketActivation() {
		return this.socketActivation;
	}

	public void setSocketActivation(boolean socketActivation) {
		this.socketActivation = socketActivation;
	}

}
