package dev.waiter.event;

import java.io.Serial;
import java.time.Duration;

import dev.waiter.Waiter;
import org.jspecify.annotations.Nullable;

/**
 * Net::Waiter's {@code on_forking_idle} and {@code on_prefork_child_idle}: no client
 * arrived for {@code waiter.accept-timeout}. Published on the acceptor thread (fork and
 * nofork mode; worker {@code null}) or on the idle pool worker (prefork mode), once per
 * timeout, while the server keeps waiting.
 */
public final class WaiterIdleEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Duration idleTime;

	private final @Nullable String workerName;

	/**
	 * Creates the event for an idle acceptor or worker.
	 * @param waiter the server
	 * @param idleTime how long it has waited without a client
	 * @param workerName the idle pool worker, or {@code null} for the acceptor
	 */
	public WaiterIdleEvent(Waiter waiter, Duration idleTime, @Nullable String workerName) {
		super(waiter);
		this.idleTime = idleTime;
		this.workerName = workerName;
	}

	/**
	 * How long the acceptor or worker has waited without a client.
	 * @return the idle time
	 */
	public Duration getIdleTime() {
		return this.idleTime;
	}

	/**
	 * The idle pool worker's name.
	 * @return the name, or {@code null} for the acceptor
	 */
	public @Nullable String getWorkerName() {
		return this.workerName;
	}

}
