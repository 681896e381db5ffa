package dev.waiter.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of the {@code waiter.request} observation of the request model;
 * declare a bean of this type to replace {@link DefaultWaiterRequestObservationConvention}.
 */
public interface WaiterRequestObservationConvention extends ObservationConvention<WaiterRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WaiterRequestObservationContext;
	}

}
