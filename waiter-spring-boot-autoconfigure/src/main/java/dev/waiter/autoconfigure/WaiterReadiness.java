package dev.waiter.autoconfigure;

import dev.waiter.server.WaiterServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Turns the application's readiness to {@link ReadinessState#REFUSING_TRAFFIC} when it
 * stops, before any waiter server closes its listen socket: its phase is just above the
 * servers', and Spring stops higher phases first. A balancer or Kubernetes probe reading
 * {@code /actuator/health/readiness} then sees the instance leave while it still accepts.
 * Spring Boot does the same for its web servers; a plain TCP application had nothing. A
 * context started again (after {@code stop()}, not a close) turns readiness back to
 * accepting. Runs on the thread that stops or starts the context.
 */
final class WaiterReadiness implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WaiterReadiness.class);

	private final ApplicationEventPublisher publisher;

	private volatile boolean running;

	/** Whether this bean turned readiness to refusing: a restart of the context turns it back. */
	private volatile boolean refused;

	WaiterReadiness(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void start() {
		this.running = true;
		if (this.refused) {
			this.refused = false;
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	@Override
	public void stop() {
		if (this.running) {
			this.running = false;
			this.refused = true;
			logger.debug("Readiness set to REFUSING_TRAFFIC before the waiter servers stop accepting");
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WaiterServer.PHASE + 1;
	}

}
