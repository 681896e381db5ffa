package dev.waiter.autoconfigure.diagnostics;

import java.nio.file.Path;

import dev.waiter.server.WaiterBindException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a listen socket that could not be bound: which address and port (or Unix
 * socket path), why, and which property to change, under the failed server's own prefix:
 * {@code waiter.*} for the default server (named by {@code waiter.name}), {@code
 * waiter.servers.<name>.*} for a named one. Spring Boot makes it from {@code
 * META-INF/spring.factories}, with the application's environment.
 */
public class WaiterBindFailureAnalyzer extends AbstractFailureAnalyzer<WaiterBindException> {

	private final Environment environment;

	public WaiterBindFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WaiterBindException cause) {
		String why = (cause.getCause() != null) ? cause.getCause().getMessage() : "unknown reason";
		String prefix = prefix(cause.getServerName());
		Path unixSocket = cause.getUnixSocket();
		if (unixSocket != null) {
			String property = prefix + ".unix-socket";
			return new FailureAnalysis("Waiter could not listen on the Unix domain socket " + unixSocket + " ("
					+ property + "): " + why + ".",
					"Stop the server that listens on " + unixSocket + ", or remove the file if it is no socket, "
							+ "or set " + property + " to another path.",
					cause);
		}
		String where = cause.getAddressText() + ":" + cause.getPort();
		String description = "Waiter could not listen on " + where + " (" + prefix + ".address, " + prefix
				+ ".port): " + why + ".";
		String action = "Stop the process that holds port " + cause.getPort() + " on " + cause.getAddressText()
				+ ", or set " + prefix + ".port to a free port (" + prefix + ".port=0 picks one), or " + prefix
				+ ".address to another address.";
		return new FailureAnalysis(description, action, cause);
	}

	/** The default server's name is {@code waiter.name}; a named server's can never be the same. */
	private String prefix(@Nullable String serverName) {
		if (serverName == null || serverName.equals(this.environment.getProperty("waiter.name", "default"))) {
			return "waiter";
		}
		return "waiter.servers." + serverName;
	}

}
