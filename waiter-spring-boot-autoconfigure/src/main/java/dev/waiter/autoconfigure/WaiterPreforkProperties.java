package dev.waiter.autoconfigure;

import java.time.Duration;

/**
 * The worker pool of prefork mode: {@code waiter.prefork.*} of the default server and of
 * each named one, nested in {@link WaiterServerProperties}.
 */
public class WaiterPreforkProperties {

	/**
	 * Workers started up front and never retired (Net::Waiter's PREFORK); at least 1.
	 */
	private int min = 4;

	/**
	 * Most workers the pool grows to (Net::Waiter's MAXFORK in prefork mode).
	 */
	private int max = 1024;

	/**
	 * Time a worker may wait without a client before it retires, above min
	 * (Net::Waiter's PX_IDLE).
	 */
	private Duration idleTimeout = Duration.ofSeconds(31);

	public int getMin() {
		return this.min;
	}

	public void setMin(int min) {
		this.min = min;
	}

	public int getMax() {
		return this.max;
	}

	public void setMax(int max) {
		this.max = max;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

}
