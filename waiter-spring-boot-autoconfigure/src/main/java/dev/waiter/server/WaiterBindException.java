package dev.waiter.server;

import java.io.IOException;
import java.io.Serial;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ExitCodeGenerator;

/**
 * The listen socket could not be bound: Net::Waiter's run() returning 100. Thrown by
 * {@link WaiterServer#start()}; Spring Boot turns it into exit code {@value #EXIT_CODE}
 * and the failure analyzer into a message naming the address, the port and the property.
 */
public class WaiterBindException extends RuntimeException implements ExitCodeGenerator {

	@Serial
	private static final long serialVersionUID = 1L;

	/** Net::Waiter's "cannot create server listen socket" result. */
	public static final int EXIT_CODE = 100;

	private final transient @Nullable InetAddress address;

	private final int port;

	/**
	 * Creates the exception for a failed bind.
	 * @param address the address asked for, {@code null} for every interface
	 * @param port the port asked for
	 * @param cause what bind threw
	 */
	public WaiterBindException(@Nullable InetAddress address, int port, IOException cause) {
		super("Waiter could not listen on " + describe(address) + ":" + port + ": " + cause.getMessage(), cause);
		this.address = address;
		this.port = port;
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
