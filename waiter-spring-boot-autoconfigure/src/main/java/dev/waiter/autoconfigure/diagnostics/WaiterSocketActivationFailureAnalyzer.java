package dev.waiter.autoconfigure.diagnostics;

import dev.waiter.server.transport.WaiterSocketActivationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains {@code waiter.socket-activation=true} without a listening socket on standard
 * input: what was there instead, and the ways to pass one. Registered in
 * {@code META-INF/spring.factories}.
 */
public class WaiterSocketActivationFailureAnalyzer extends AbstractFailureAnalyzer<WaiterSocketActivationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WaiterSocketActivationException cause) {
		String action = "Start the application with its listening TCP socket on standard input: a systemd socket "
				+ "unit with Accept=no and StandardInput=socket in its service, 'systemd-socket-activate --inetd "
				+ "-l ADDRESS:PORT java -jar ...', or inetd's 'wait'. Or set waiter.socket-activation=false, and "
				+ "the server binds waiter.address and waiter.port itself.";
		return new FailureAnalysis(cause.getMessage() + ".", action, cause);
	}

}
