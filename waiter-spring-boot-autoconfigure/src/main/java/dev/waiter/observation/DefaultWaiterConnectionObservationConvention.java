package dev.waiter.observation;

import java.util.Locale;

import dev.waiter.WaiterOutcome;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of a connection's observation. Low cardinality (on the timer
 * and the span): {@code waiter.server}, {@code waiter.mode}, {@code waiter.tls},
 * {@code waiter.outcome}, {@code error} (the exception's simple class name, {@code none}).
 * High cardinality (on the span only): {@code net.peer.address} and {@code net.peer.port}.
 */
public class DefaultWaiterConnectionObservationConvention implements WaiterConnectionObservationConvention {

	/** The observation's name, and so the timer's. */
	public static final String NAME = "waiter.connection";

	private static final String NONE = "none";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(WaiterConnectionObservationContext context) {
		return "waiter " + context.getServerName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WaiterConnectionObservationContext context) {
		WaiterOutcome outcome = context.getOutcome();
		Throwable error = context.getError();
		return KeyValues.of(KeyValue.of("waiter.server", context.getServerName()),
				KeyValue.of("waiter.mode", context.getMode().name().toLowerCase(Locale.ROOT)),
				KeyValue.of("waiter.tls", Boolean.toString(context.isTls())),
				KeyValue.of("waiter.outcome", (outcome != null) ? outcome.name() : "UNKNOWN"),
				KeyValue.of("error", (error != null) ? error.getClass().getSimpleName() : NONE));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WaiterConnectionObservationContext context) {
		return KeyValues.of(KeyValue.of("net.peer.address", context.getConnection().peerHost()),
				KeyValue.of("net.peer.port", Integer.toString(context.getConnection().peerPort())));
	}

}
