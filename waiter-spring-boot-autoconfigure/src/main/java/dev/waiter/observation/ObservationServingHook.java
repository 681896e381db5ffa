package dev.waiter.observation;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterMode;
import dev.waiter.server.ConnectionServingHook;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Serves each connection inside a started {@code waiter.connection} observation whose
 * scope is open on the connection's thread from the worker started event to the exit
 * event, so observations a handler starts (a JDBC call, an HTTP client) nest under it and
 * a tracing bridge puts the trace and span ids in every log line of the connection. A TLS
 * handshake failure or a handler's error is recorded on it; the outcome becomes a key.
 */
public final class ObservationServingHook implements ConnectionServingHook {

	private static final DefaultWaiterConnectionObservationConvention DEFAULT_CONVENTION = new DefaultWaiterConnectionObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable WaiterConnectionObservationConvention convention;

	private final String serverName;

	private final WaiterMode mode;

	private final boolean tls;

	/**
	 * Creates the hook for one server.
	 * @param registry where observations go
	 * @param convention a convention of the application's, or {@code null} for the default
	 * @param serverName the server's name
	 * @param mode the server's mode
	 * @param tls whether the server speaks TLS
	 */
	public ObservationServingHook(ObservationRegistry registry, @Nullable WaiterConnectionObservationConvention convention,
			String serverName, WaiterMode mode, boolean tls) {
		this.registry = registry;
		this.convention = convention;
		this.serverName = serverName;
		this.mode = mode;
		this.tls = tls;
	}

	@Override
	public void serve(WaiterConnection connection, Serving serving) {
		WaiterConnectionObservationContext context = new WaiterConnectionObservationContext(connection, this.serverName,
				this.mode, this.tls);
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			Served served = serving.proceed();
			context.setOutcome(served.outcome());
			if (served.error() != null) {
				observation.error(served.error());
			}
		}
		finally {
			observation.stop();
		}
	}

}
