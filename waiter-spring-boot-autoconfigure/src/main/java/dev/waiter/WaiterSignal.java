package dev.waiter;

/**
 * The signals Net::Waiter handles, delivered to the server by
 * {@link Waiter#signal(WaiterSignal)}, the actuator endpoint or, when enabled, by the
 * operating system.
 */
public enum WaiterSignal {

	/** Hang-up: by convention, reload configuration (on_sig_hup). */
	HUP,

	/** User signal 1 (on_sig_usr1, on_child_sig_usr1). */
	USR1,

	/** User signal 2 (on_sig_usr2, on_child_sig_usr2). */
	USR2

}
