package dev.waiter.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of the {@code waiter.connection} observation; declare a bean of this
 * type to replace {@link DefaultWaiterConnectionObservationConvention}.
 */
public interface WaiterConnectionObservationConvention extends ObservationConvention<WaiterConnectionObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WaiterConnectionObservationContext;
	}

}
