package dev.waiter.actuate;

import java.net.InetAddress;
import java.nio.file.Path;

import dev.waiter.Waiter;
import dev.waiter.WaiterAcceptFailure;
import dev.waiter.WaiterState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health contributor {@code waiter}: UP while the server accepts clients, DOWN when its
 * main loop is broken, it is stopping or stopped, or its last start failed. Called on the
 * thread that asks for health.
 */
public class WaiterHealthIndicator extends AbstractHealthIndicator {

	private final Waiter waiter;

	/**
	 * Creates the indicator for a server.
	 * @param waiter the server
	 */
	public WaiterHealthIndicator(Waiter waiter) {
		super("Waiter health check failed");
		this.waiter = waiter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		WaiterState state = this.waiter.getState();
		if (state == WaiterState.LISTENING) {
			builder.up();
		}
		else {
			builder.down();
		}
		InetAddress address = this.waiter.getAddress();
		Path unixSocket = this.waiter.getUnixSocket();
		builder.withDetail("state", state)
			.withDetail("address", (address != null) ? address.getHostAddress() : "none")
			.withDetail("port", this.waiter.getPort())
			.withDetail("unixSocket", (unixSocket != null) ? unixSocket.toString() : "none")
			.withDetail("mode", this.waiter.getMode())
			.withDetail("ssl", this.waiter.isSslInUse())
			.withDetail("activeConnections", this.waiter.getActiveConnections())
			.withDetail("rejected", this.waiter.getRejectedCounts());
		WaiterAcceptFailure failure = this.waiter.getLastAcceptFailure();
		if (failure != null) {
			builder.withDetail("lastAcceptFailure", failure);
		}
	}

}
