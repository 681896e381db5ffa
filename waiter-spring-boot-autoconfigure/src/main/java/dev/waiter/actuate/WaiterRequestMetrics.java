package dev.waiter.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterRequestEvent;
import dev.waiter.server.request.RequestObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Times each request of the request model on {@value WaiterMeters#REQUESTS}, tagged with its
 * server, its name ({@code none} without one) and its outcome: the request timer of a server
 * without the {@code waiter.request} observation (no observation registry, or
 * {@code waiter.observation.enabled=false}). Called on the connections' threads; the
 * registry is looked up at the first connection, not while the server is being created.
 */
public final class WaiterRequestMetrics implements RequestObserver {

	private static final String NONE = "none";

	/** Past this many request names, the timers are looked up in the registry per request. */
	private static final int MAX_CACHED = 1024;

	private final Supplier<MeterRegistry> registry;

	private final Tags serverTags;

	/** The success and error timers by request name. */
	private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

	private final ConnectionObservation connection = new ConnectionObservation() {

		@Override
		public RequestObservation requestStarted(WaiterRequestEvent event) {
			long started = System.nanoTime();
			return (stopped, error) -> timer(stopped.getRequestName(), error != null)
				.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}

	};

	/**
	 * Creates the timers of one server.
	 * @param registry where they go, asked for once at the first request
	 * @param serverName the server's name
	 */
	public WaiterRequestMetrics(Supplier<MeterRegistry> registry, String serverName) {
		this.registry = registry;
		this.serverTags = Tags.of(WaiterMeters.SERVER_TAG, serverName);
	}

	@Override
	public ConnectionObservation connectionStarted(WaiterConnection connection) {
		return this.connection;
	}

	private Timer timer(@Nullable String requestName, boolean error) {
		String name = (requestName != null) ? requestName : NONE;
		Timer[] pair = this.timers.get(name);
		if (pair == null) {
			pair = new Timer[] { register(name, false), register(name, true) };
			if (this.timers.size() < MAX_CACHED) {
				this.timers.put(name, pair);
			}
		}
		return pair[error ? 1 : 0];
	}

	private Timer register(String name, boolean error) {
		return Timer.builder(WaiterMeters.REQUESTS)
			.description(WaiterMeters.REQUESTS_DESCRIPTION)
			.tags(this.serverTags)
			.tag(WaiterMeters.NAME_TAG, name)
			.tag(WaiterMeters.OUTCOME_TAG, error ? "error" : "success")
			.register(this.registry.get());
	}

}
