package dev.waiter.server;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;

import dev.waiter.WaiterMode;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.tls.WaiterTls;
import dev.waiter.server.transport.WaiterUnixSocket;
import org.jspecify.annotations.Nullable;

/**
 * The start-up log line's account of a run: mode, thread kind, TLS protocols, the limits
 * in force, the PROXY protocol and port sharing, so an operator reading one line knows what
 * the server will do.
 */
final class StartupSummary {

	private StartupSummary() {
	}

	static String of(RunSettings settings, boolean virtualThreads) {
		StringBuilder summary = new StringBuilder();
		summary.append("mode ").append(settings.getMode().name().toLowerCase(Locale.ROOT));
		summary.append(", ").append(virtualThreads ? "virtual" : "platform").append(" threads");
		WaiterTls tls = settings.getTls();
		summary.append(", ").append((tls != null) ? "TLS " + String.join("/", tls.getProtocols()) : "plain");
		if (settings.getMode() == WaiterMode.FORK) {
			summary.append(", max-connections ").append(settings.getMaxConnections());
		}
		if (settings.getMode() == WaiterMode.PREFORK) {
			summary.append(", workers ").append(settings.getPreforkMin()).append('-').append(settings.getPreforkMax());
		}
		if (settings.getMaxConnectionsPerPeer() > 0) {
			summary.append(", max-connections-per-peer ").append(settings.getMaxConnectionsPerPeer());
		}
		if (settings.getMaxConnectionRatePerPeer() != null) {
			summary.append(", max-connection-rate-per-peer ").append(settings.getMaxConnectionRatePerPeer()).append("/s");
		}
		WaiterProxyProtocol proxy = settings.getProxyProtocol();
		if (proxy != null) {
			summary.append(", PROXY protocol from ").append(proxy.trustedProxies()).append(" within ")
				.append(duration(proxy.headerTimeout()));
		}
		WaiterUnixSocket unix = settings.getUnixSocket();
		if (unix != null && unix.permissions() != null) {
			summary.append(", socket file ").append(PosixFilePermissions.toString(unix.permissions()));
		}
		if (unix != null && !(unix.allowedUsers().isEmpty() && unix.allowedGroups().isEmpty())) {
			summary.append(", unix users ").append(unix.allowedUsers()).append(" groups ").append(unix.allowedGroups());
		}

		if (settings.isSocketActivation()) {
			summary.append(", socket inherited on standard input (waiter.port and waiter.address ignored)");
		}
		else if (settings.isReusePort()) {
			summary.append(", reuse-port");
		}
		WaiterRequestModel requests = settings.getRequestModel();
		if (requests != null) {
			summary.append(", request model (idle wait ").append(requests.idleWait().name().toLowerCase(Locale.ROOT))
				.append(')');
		}
		else if (settings.isProcessOnInput()) {
			summary.append(", process on input");
		}
		summary.append(", read-timeout ").append(duration(settings.getReadTimeout()));
		if (settings.getIdleTimeout() != null) {
			summary.append(", idle-timeout ").append(duration(settings.getIdleTimeout()));
		}
		if (settings.getRequestTimeout() != null) {
			summary.append(", request-timeout ").append(duration(settings.getRequestTimeout()));
		}
		summary.append(", write-timeout ").append(duration(settings.getWriteTimeout()));
		summary.append(", frames up to ").append(settings.getFraming().maxLength()).append(" bytes");
		summary.append(", shutdown ").append(settings.getShutdown().name().toLowerCase(Locale.ROOT));
		return summary.toString();
	}

	private static String duration(@Nullable Duration duration) {
		return (duration != null) ? duration.toMillis() + "ms" : "none";
	}

}
