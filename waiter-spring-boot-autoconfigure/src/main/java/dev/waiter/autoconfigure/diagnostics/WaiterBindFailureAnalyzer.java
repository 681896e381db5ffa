package dev.waiter.autoconfigure.diagnostics;

import java.nio.file.Path;

import dev.waiter.server.WaiterBindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a listen socket that could not be bound: which address and port (or Unix
 * socket path), why, and which property to change. Registered in {@code META-INF/spring.factories}.
 */
public class WaiterBindFailureAnalyzer extends AbstractFailureAnalyzer<WaiterBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WaiterBindException cause) {
		String why = (cause.getCause() != null) ? cause.getCause().getMessage() : "unknown reason";
		Path unixSocket = cause.getUnixSocket();
		if (unixSocket != null) {
			return new FailureAnalysis("Waiter could not listen on the Unix domain socket " + unixSocket
					+ " (waiter.unix-socket): " + why + ".",
					"Stop the server that listens on " + unixSocket + ", or remove the file if it is no socket, "
							+ "or set waiter.unix-socket to another path.",
					cause);
		}
		String where = cause.getAddressText() + ":" + cause.getPort();
		String description = "Waiter could not listen on " + where + " (waiter.address, waiter.port): " + why + ".";
		String action = "Stop the process that holds port " + cause.getPort() + " on " + cause.getAddressText()
				+ ", or set waiter.port to a free port (waiter.port=0 picks one), or waiter.address to another address.";
		return new FailureAnalysis(description, action, cause);
	}

}
