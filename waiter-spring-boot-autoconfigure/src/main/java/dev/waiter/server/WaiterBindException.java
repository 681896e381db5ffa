package dev.waiter.server;

import java.io.IOException;
import java.io.Serial;
import java.net.InetAddress;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ExitCodeGenerator;

/**
 * The listen socket could not be bound: Net::Waiter's run() returning 100. Thrown by
 * {@link WaiterServer#start()}; Spring Boot turns it into exit code {@value #EXIT_CODE}
 * and the failure analyzer into a message naming the address, the port (or the Unix
 * socket's path) and the property.
 */
public class WaiterBindException extends RuntimeException implements ExitCodeGenerator {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Net::Waiter's "cannot create server listen socket" result. */
	public static final int EXIT_CODE = 100;

	private final transient @Nullable InetAddress address;

	private final int port;

	private final transient @Nullable Path unixSocket;

	private final @Nullable String serverName;

	/**
	 * Creates the exception for a failed bind.
	 * @param address the address asked for, {@code null} for every interface
	 * @param port the port asked for
	 * @param cause what bind threw
	 */
	public WaiterBindException(@Nullable InetAddress address, int port, IOException cause) {
		this(null, address, port, cause);
	}

	/**
	 * Creates the exception for a failed bind of a named server.
	 * @param serverName the server's name ({@code waiter.name}, or its key under
	 * {@code waiter.servers}), {@code null} if unknown
	 * @param address the address asked for, {@code null} for every interface
	 * @param port the port asked for
	 * @param cause what bind threw
	 */
	public WaiterBindException(@Nullable String serverName, @Nullable InetAddress address, int port,
			IOException cause) {
		super("Waiter could not listen on " + describe(address) + ":" + port + ": " + cause.getMessage(), cause);
		this.address = address;
		this.port = port;
		this.unixSocket = null;
		this.serverName = serverName;
	}

	/**
	 * Creates the exception for a Unix domain socket that could not be bound: held by a
	 * live server, no socket, or out of reach.
	 * @param unixSocket the socket file's path
	 * @param cause what bind threw
	 */
	public WaiterBindException(Path unixSocket, IOException cause) {
		this(null, unixSocket, cause);
	}

	/**
	 * Creates the exception for a Unix domain socket of a named server that could not be
	 * bound.
	 * @param serverName the server's name, {@code null} if unknown
	 * @param unixSocket the socket file's path
	 * @param cause what bind threw
	 */
	public WaiterBindException(@Nullable String serverName, Path unixSocket, IOException cause) {
		super("Waiter could not listen on unix:" + unixSocket + ": " + cause.getMessage(), cause);
		this.address = null;
		this.port = -1;
		this.unixSocket = unixSocket;
		this.serverName = serverName;
	}

	/**
	 * The server that could not listen, which tells the failure analysis whose properties
	 * to name ({@code waiter.*} or {@code waiter.servers.<name>.*}).
	 * @return its name, or {@code null} if unknown
	 */
	public @Nullable String getServerName() {
		return this.serverName;
	}

	/**
	 * The Unix domain socket asked for.
	 * @return its path, or {@code null} for a TCP socket
	 */
	public @Nullable Path getUnixSocket() {
		return this.unixSocket;
	}

	/**
	 * The address asked for.
	 * @return the address, or {@code null} for every interface
	 */
	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	/**
	 * The address asked for, as text.
	 * @return the literal address, or {@code 0.0.0.0} for every interface
	 */
	public String getAddressText() {
		return describe(this.address);
	}

	/**
	 * The port asked for.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	@Override
	public int getExitCode() {
		return EXIT_CODE;
	}

	private static String describe(@Nullable InetAddress address) {
		return (address != null) ? address.getHostAddress() : "0.0.0.0";
	}

}
