package dev.waiter.autoconfigure;

/**
 * Delivery of HUP, USR1 and USR2: {@code waiter.signals.*} of the default server and of
 * each named one, nested in {@link WaiterServerProperties}.
 */
public class WaiterSignalsProperties {

	/**
	 * Whether to install handlers for the operating system's HUP, USR1 and USR2 where
	 * the JVM lets a program handle them.
	 */
	private boolean os;

	/**
	 * Whether USR1 and USR2 sent to the server also reach every live connection
	 * (Net::Waiter's PROP_SIGUSR).
	 */
	private boolean propagate;

	public boolean isOs() {
		return this.os;
	}

	public void setOs(boolean os) {
		this.os = os;
	}

	public boolean isPropagate() {
		return this.propagate;
	}

	public void setPropagate(boolean propagate) {
		this.propagate = propagate;
	}

}
