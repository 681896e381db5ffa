package dev.waiter.observation;

import dev.waiter.autoconfigure.WaiterServerCustomizer;
import dev.waiter.server.request.WaiterRequestModel;
import dev.waiter.server.WaiterServerSettings;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Puts each server's connections (and, in the request model, its requests) under
 * observation. A bean of its own type so that waiter's meters can tell that the
 * observation's timers are in place and not time the same connections and requests again.
 * Runs on the thread that creates the server beans.
 */
public final class WaiterObservationCustomizer implements WaiterServerCustomizer {

	private final ObservationRegistry registry;

	private final @Nullable WaiterConnectionObservationConvention connectionConvention;

	private final @Nullable WaiterRequestObservationConvention requestConvention;

	WaiterObservationCustomizer(ObservationRegistry registry,
			@Nullable WaiterConnectionObservationConvention connectionConvention,
			@Nullable WaiterRequestObservationConvention requestConvention) {
		this.registry = registry;
		this.connectionConvention = connectionConvention;
		this.requestConvention = requestConvention;
	}

	@Override
	public void customize(WaiterServerSettings settings) {
		boolean tls = settings.getTls() != null;
		settings.setServingHook(new ObservationServingHook(this.registry, this.connectionConvention, settings.getName(),
				settings.getMode(), tls));
		WaiterRequestModel model = settings.getRequestModel();
		if (model != null) {
			settings.setRequestModel(model.withObserver(new ObservationRequestObserver(this.registry,
					this.connectionConvention, this.requestConvention, settings.getName(), settings.getMode(), tls)));
		}
	}

}
