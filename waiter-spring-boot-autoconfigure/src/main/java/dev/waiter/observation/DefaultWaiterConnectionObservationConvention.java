package dev.waiter.observation;

import java.util.Locale;

import dev.waiter.WaiterMode;
import dev.waiter.WaiterOutcome;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

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


	private final KeyValuesCache<LowCardinality> lowCardinality = new KeyValuesCache<>(LowCardinality::keyValues);

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
		Throwable error = context.getError();
		LowCardinality key = new LowCardinality(context.getServerName(), context.getMode(), context.isTls(),
				context.getOutcome(), (error != null) ? error.getClass() : null);
		return this.lowCardinality.get(key);
	}

	private record LowCardinality(String server, WaiterMode mode, boolean tls, @Nullable WaiterOutcome outcome,
			@Nullable Class<?> error) {

		KeyValues keyValues() {
			return KeyValues.of(KeyValue.of("waiter.server", this.server),
					KeyValue.of("waiter.mode", this.mode.name().toLowerCase(Locale.ROOT)),
					KeyValue.of("waiter.tls", Boolean.toString(this.tls)),
					KeyValue.of("waiter.outcome", (this.outcome != null) ? this.outcome.name() : "UNKNOWN"),
					KeyValue.of("error", (this.error != null) ? this.error.getSimpleName() : NONE));
		}

	}

	/** Built once per connection: asked for at the observation's start and again at its stop. */
	@Override
	public KeyValues getHighCardinalityKeyValues(WaiterConnectionObservationContext context) {
		KeyValues peer = context.peerKeyValues;
		if (peer == null) {
			peer = KeyValues.of(KeyValue.of("net.peer.address", context.getConnection().peerHost()),
					KeyValue.of("net.peer.port", Integer.toString(context.getConnection().peerPort())));
			context.peerKeyValues = peer;
		}
		return peer;
	}

}
