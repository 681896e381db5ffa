package dev.waiter.observation;

import dev.waiter.WaiterConnection;
import dev.waiter.WaiterMode;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterRequestEvent;
import dev.waiter.server.request.RequestObserver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The request model's observations: a {@code waiter.connection} observation per connection,
 * as {@link ObservationServingHook} makes for the connection model, with its scope open on
 * each thread that serves a stretch of the connection (so it follows a connection resumed
 * from the idle selector on another thread); and under it a {@code waiter.request}
 * observation per request, whose scope is open while the request's listeners run, so their
 * own observations nest under the request. A listener's error is recorded on the request;
 * the request's name is read at its stop, so a listener may still give it one.
 */
public final class ObservationRequestObserver implements RequestObserver {

	private static final DefaultWaiterConnectionObservationConvention DEFAULT_CONNECTION_CONVENTION = new DefaultWaiterConnectionObservationConvention();

	private static final DefaultWaiterRequestObservationConvention DEFAULT_REQUEST_CONVENTION = new DefaultWaiterRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable WaiterConnectionObservationConvention connectionConvention;

	private final @Nullable WaiterRequestObservationConvention requestConvention;

	private final String serverName;

	private final WaiterMode mode;

	private final boolean tls;

	/**
	 * Creates the observer for one server.
	 * @param registry where observations go
	 * @param connectionConvention the application's connection convention, or {@code null} for the default
	 * @param requestConvention the application's request convention, or {@code null} for the default
	 * @param serverName the server's name
	 * @param mode the server's mode
	 * @param tls whether the server speaks TLS
	 */
	public ObservationRequestObserver(ObservationRegistry registry,
			@Nullable WaiterConnectionObservationConvention connectionConvention,
			@Nullable WaiterRequestObservationConvention requestConvention, String serverName, WaiterMode mode,
			boolean tls) {
		this.registry = registry;
		this.connectionConvention = connectionConvention;
		this.requestConvention = requestConvention;
		this.serverName = serverName;
		this.mode = mode;
		this.tls = tls;
	}

	@Override
	public ConnectionObservation connectionStarted(WaiterConnection connection) {
		WaiterConnectionObservationContext context = new WaiterConnectionObservationContext(connection, this.serverName,
				this.mode, this.tls);
		Observation observation = Observation
			.createNotStarted(this.connectionConvention, DEFAULT_CONNECTION_CONVENTION, () -> context, this.registry)
			.start();
		return new Connection(observation, context);
	}

	/**
	 * One connection's observation. Used by one thread at a time (the connection's current
	 * one); a resumed connection's new thread sees what the last one wrote, as the idle
	 * selector's hand-over orders them.
	 */
	private final class Connection implements ConnectionObservation {

		private final Observation observation;

		private final WaiterConnectionObservationContext context;

		/** Whether the connection has ended: its observation stops when the stretch's scope closes. */
		private boolean ended;

		Connection(Observation observation, WaiterConnectionObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public Scope enter() {
			Observation.Scope scope = this.observation.openScope();
			return () -> {
				scope.close();
				if (this.ended) {
					this.observation.stop();
				}
			};
		}

		@Override
		public RequestObservation requestStarted(WaiterRequestEvent event) {
			WaiterRequestObservationContext requestContext = new WaiterRequestObservationContext(event,
					ObservationRequestObserver.this.serverName);
			Observation request = Observation
				.createNotStarted(ObservationRequestObserver.this.requestConvention, DEFAULT_REQUEST_CONVENTION,
						() -> requestContext, ObservationRequestObserver.this.registry)
				.parentObservation(this.observation)
				.start();
			Observation.Scope scope = request.openScope();
			return (stoppedEvent, error) -> {
				scope.close();
				if (error != null) {
					request.error(error);
				}
				request.stop();
			};
		}

		@Override
		public void stopped(WaiterOutcome outcome, @Nullable Throwable error) {
			this.context.setOutcome(outcome);
			if (error != null) {
				this.observation.error(error);
			}
			this.ended = true;
		}

	}

}
