package dev.waiter.observation;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterMode;
import dev.waiter.WaiterOutcome;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code waiter.connection} observation knows: the connection, its server, and,
 * once it has ended, its outcome. Created and filled on the connection's thread.
 */
public class WaiterConnectionObservationContext extends Observation.Context {

	private final WaiterConnection connection;

	private final String serverName;

	private final WaiterMode mode;

	private final boolean tls;

	private @Nullable WaiterOutcome outcome;

	/** The default convention's peer key values, once built; on the connection's threads. */
	@Nullable KeyValues peerKeyValues;

	/**
	 * Creates the context of one connection.
	 * @param connection the connection
	 * @param serverName the server's name ({@code waiter.name})
	 * @param mode the server's mode
	 * @param tls whether the server speaks TLS
	 */
	public WaiterConnectionObservationContext(WaiterConnection connection, String serverName, WaiterMode mode,
			boolean tls) {
		this.connection = connection;
		this.serverName = serverName;
		this.mode = mode;
		this.tls = tls;
	}

	public WaiterConnection getConnection() {
		return this.connection;
	}

	public String getServerName() {
		return this.serverName;
	}

	public WaiterMode getMode() {
		return this.mode;
	}

	public boolean isTls() {
		return this.tls;
	}

	/**
	 * How the connection ended.
	 * @return the outcome, or {@code null} while it is served
	 */
	public @Nullable WaiterOutcome getOutcome() {
		return this.outcome;
	}

	public void setOutcome(@Nullable WaiterOutcome outcome) {
		this.outcome = outcome;
	}

}
