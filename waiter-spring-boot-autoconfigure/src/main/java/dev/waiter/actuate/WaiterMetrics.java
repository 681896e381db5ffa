package dev.waiter.actuate;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.WaiterProtocolException;
import dev.waiter.event.WaiterAcceptErrorEvent;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterEvent;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.event.WaiterSslErrorEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * Binds waiter's meters ({@link WaiterMeters}) to each registry Spring Boot hands it, and
 * keeps the counters from the server's events: gauges read the {@link Waiter}, counters
 * and the connection timer (left out when the {@code waiter.connection} observation times
 * connections) are advanced by the listener, on the thread that publishes each event.
 */
public class WaiterMetrics implements MeterBinder, ApplicationListener<WaiterEvent> {

	private final List<Waiter> waiters;

	private final boolean timeConnections;

	private final Map<Waiter, List<Instruments>> bound = new ConcurrentHashMap<>();

	/**
	 * Creates the binder for a server.
	 * @param waiter the server whose meters these are
	 */
	public WaiterMetrics(Waiter waiter) {
		this(List.of(waiter));
	}

	/**
	 * Creates the binder for several servers, each tagged with its name.
	 * @param waiters the servers whose meters these are
	 */
	public WaiterMetrics(List<? extends Waiter> waiters) {
		this(waiters, true);
	}

	/**
	 * Creates the binder for several servers, each tagged with its name.
	 * @param waiters the servers whose meters these are
	 * @param timeConnections whether to time connections on {@value WaiterMeters#DURATION}:
	 * not when the {@code waiter.connection} observation's timer already does
	 */
	public WaiterMetrics(List<? extends Waiter> waiters, boolean timeConnections) {
		this.timeConnections = timeConnections;
		this.waiters = List.copyOf(waiters);
		this.waiters.forEach((waiter) -> this.bound.put(waiter, new CopyOnWriteArrayList<>()));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.waiters.forEach((waiter) -> bindTo(registry, waiter));
	}

	private void bindTo(MeterRegistry registry, Waiter waiter) {
		Tags tags = Tags.of(WaiterMeters.SERVER_TAG, waiter.getName());
		Gauge.builder(WaiterMeters.ACTIVE, waiter, Waiter::getActiveConnections)
			.description(WaiterMeters.ACTIVE_DESCRIPTION)
			.baseUnit(WaiterMeters.CONNECTIONS)
			.tags(tags)
			.register(registry);
		Gauge.builder(WaiterMeters.WORKERS, waiter, Waiter::getWorkerCount)
			.description(WaiterMeters.WORKERS_DESCRIPTION)
			.baseUnit(WaiterMeters.THREADS)
			.tags(tags)
			.register(registry);
		Gauge.builder(WaiterMeters.WORKERS_BUSY, waiter, Waiter::getBusyWorkerCount)
			.description(WaiterMeters.WORKERS_BUSY_DESCRIPTION)
			.baseUnit(WaiterMeters.THREADS)
			.tags(tags)
			.register(registry);
		this.bound.get(waiter).add(new Instruments(registry, tags, this.timeConnections));
	}

	@Override
	public void onApplicationEvent(WaiterEvent event) {
		List<Instruments> instruments = this.bound.get(event.getWaiter());
		if (instruments == null) {
			return;
		}
		for (Instruments each : instruments) {
			each.record(event);
		}
	}

	/** The meters of one registry. */
	private static final class Instruments {

		private final MeterRegistry registry;

		private final Tags tags;

		private final Counter accepted;

		private final Counter acceptErrors;

		private final Counter sslErrors;

		private final Counter processErrors;

		private final Counter ioErrors;

		private final Counter protocolErrors;

		private final Counter bytesReceived;

		private final Counter bytesSent;

		private final @Nullable Timer duration;

		private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

		Instruments(MeterRegistry registry, Tags tags, boolean timeConnections) {
			this.registry = registry;
			this.tags = tags;
			this.accepted = counter(WaiterMeters.ACCEPTED, WaiterMeters.ACCEPTED_DESCRIPTION, WaiterMeters.CONNECTIONS);
			this.acceptErrors = counter(WaiterMeters.ACCEPT_ERRORS, WaiterMeters.ACCEPT_ERRORS_DESCRIPTION, null);
			this.sslErrors = counter(WaiterMeters.SSL_ERRORS, WaiterMeters.SSL_ERRORS_DESCRIPTION, null);
			this.processErrors = counter(WaiterMeters.PROCESS_ERRORS, WaiterMeters.PROCESS_ERRORS_DESCRIPTION, null);
			this.ioErrors = counter(WaiterMeters.IO_ERRORS, WaiterMeters.IO_ERRORS_DESCRIPTION, null);
			this.protocolErrors = counter(WaiterMeters.PROTOCOL_ERRORS, WaiterMeters.PROTOCOL_ERRORS_DESCRIPTION, null);
			this.bytesReceived = counter(WaiterMeters.BYTES_RECEIVED, WaiterMeters.BYTES_RECEIVED_DESCRIPTION,
					WaiterMeters.BYTES);
			this.bytesSent = counter(WaiterMeters.BYTES_SENT, WaiterMeters.BYTES_SENT_DESCRIPTION, WaiterMeters.BYTES);
			this.duration = timeConnections ? Timer.builder(WaiterMeters.DURATION)
				.description(WaiterMeters.DURATION_DESCRIPTION)
				.tags(tags)
				.register(registry) : null;
			this.rejected.put(WaiterRejectedEvent.MAX_CONNECTIONS, rejectedCounter(WaiterRejectedEvent.MAX_CONNECTIONS));
			this.rejected.put(WaiterRejectedEvent.DENIED, rejectedCounter(WaiterRejectedEvent.DENIED));
			this.rejected.put(WaiterRejectedEvent.MAX_CONNECTIONS_PER_PEER,
					rejectedCounter(WaiterRejectedEvent.MAX_CONNECTIONS_PER_PEER));
			this.rejected.put(WaiterRejectedEvent.CONNECTION_RATE, rejectedCounter(WaiterRejectedEvent.CONNECTION_RATE));
			this.rejected.put(WaiterRejectedEvent.PROXY_PROTOCOL, rejectedCounter(WaiterRejectedEvent.PROXY_PROTOCOL));
		}

		private Counter counter(String name, String description, @Nullable String unit) {
			return Counter.builder(name).description(description).baseUnit(unit).tags(this.tags).register(this.registry);
		}

		void record(WaiterEvent event) {
			if (event instanceof WaiterAcceptedEvent) {
				this.accepted.increment();
			}
			else if (event instanceof WaiterWorkerExitedEvent exited) {
				if (exited.isPoolWorker()) {
					return;
				}
				if (this.duration != null) {
					this.duration.record(exited.getDuration());
				}
				this.bytesReceived.increment(exited.getBytesReceived());
				this.bytesSent.increment(exited.getBytesSent());
				if (exited.getOutcome() == WaiterOutcome.ERROR) {
					errorCounter(exited.getError()).increment();
				}
			}
			else if (event instanceof WaiterRejectedEvent rejection) {
				this.rejected.computeIfAbsent(rejection.getReason(), this::rejectedCounter).increment();
			}
			else if (event instanceof WaiterAcceptErrorEvent) {
				this.acceptErrors.increment();
			}
			else if (event instanceof WaiterSslErrorEvent) {
				this.sslErrors.increment();
			}
		}

		/** A client's protocol error, an I/O error with the client, or else a handler's bug. */
		private Counter errorCounter(@Nullable Throwable error) {
			if (error instanceof WaiterProtocolException) {
				return this.protocolErrors;
			}
			return (error instanceof IOException) ? this.ioErrors : this.processErrors;
		}

		private Counter rejectedCounter(String reason) {
			return Counter.builder(WaiterMeters.REJECTED)
				.description(WaiterMeters.REJECTED_DESCRIPTION)
				.baseUnit(WaiterMeters.CONNECTIONS)
				.tags(this.tags.and(WaiterMeters.REASON_TAG, reason))
				.register(this.registry);
		}

	}

}
