package dev.waiter.observation;


import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default names and keys of a request's observation, all low cardinality (on the timer
 * and the span): {@code waiter.server}, {@code waiter.request.name} (the decoder's or a
 * listener's name for the request, {@code none} without one) and {@code outcome}
 * ({@code success}, or {@code error} when a listener threw). Read at the start and again at
 * the stop, so a name a listener gives the request is the timer's.
 */
public class DefaultWaiterRequestObservationConvention implements WaiterRequestObservationConvention {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "waiter.request";

	private static final String NONE = "none";


	private final KeyValuesCache<LowCardinality> lowCardinality = new KeyValuesCache<>(LowCardinality::keyValues);

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WaiterRequestObservationContext context) {
		String name = context.getEvent().getRequestName();
		return (name != null) ? "waiter " + context.getServerName() + " " + name : "waiter " + context.getServerName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WaiterRequestObservationContext context) {
		LowCardinality key = new LowCardinality(context.getServerName(), context.getEvent().getRequestName(),
				context.getError() != null);
		return this.lowCardinality.get(key);
	}

	private record LowCardinality(String server, @Nullable String name, boolean error) {

		KeyValues keyValues() {
			return KeyValues.of(KeyValue.of("waiter.server", this.server),
					KeyValue.of("waiter.request.name", (this.name != null) ? this.name : NONE),
					KeyValue.of("outcome", this.error ? "error" : "success"));
		}

	}

}
