package dev.waiter.autoconfigure;

import dev.waiter.server.WaiterBindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a listen socket that could not be bound: which address and port, why, and
 * which property to change. Registered in {@code META-INF/spring.factories}.
 */
class WaiterBindFailureAnalyzer extends AbstractFailureAnalyzer<WaiterBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WaiterBindException cause) {
		String where = cause.getAddressText() + ":" + cause.getPort();
		String why = (cause.getCause() != null) ? cause.getCause().getMessage() : "unknown reason";
		String description = "Waiter could not listen on " + where + " (waiter.address, waiter.port): " + why + ".";
		String action = "Stop the process that holds port " + cause.getPort() + " on " + cause.getAddressText()
				+ ", or set waiter.port to a free port (waiter.port=0 picks one), or waiter.address to another address.";
		return new FailureAnalysis(description, action, cause);
	}

}
