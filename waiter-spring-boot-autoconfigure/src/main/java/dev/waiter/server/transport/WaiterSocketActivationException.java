package dev.waiter.server.transport;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ExitCodeGenerator;

/**
 * {@code waiter.socket-activation=true}, but the process has no listening TCP socket on
 * standard input to serve (or another server of the process serves it already): the
 * equivalent of a failed bind, so Spring Boot turns it into exit code
 * {@value WaiterBindException#EXIT_CODE} and the failure analyzer into a message that
 * says how to pass the socket. Thrown by {@link WaiterServer#start()}.
 */
public class WaiterSocketActivationException extends RuntimeException implements ExitCodeGenerator {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param reason what is wrong with standard input, as a sentence without a full stop
	 * @param cause what the JDK threw, if anything
	 */
	public WaiterSocketActivationException(String reason, @Nullable Throwable cause) {
		super("Waiter could not serve the socket inherited on standard input (waiter.socket-activation=true): "
				+ reason, cause);
	}

	/** Net::Waiter's run() failing to listen, as {@code WaiterBindException}'s. */
	@Override
	public int getExitCode() {
		return 100;
	}

}
