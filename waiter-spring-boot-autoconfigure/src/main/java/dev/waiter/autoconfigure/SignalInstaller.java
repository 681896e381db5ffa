package dev.waiter.autoconfigure;

import dev.waiter.WaiterSignal;

/**
 * Installs a handler for one operating-system signal; the seam between
 * {@link WaiterOsSignals} and the JVM's signal API.
 */
@FunctionalInterface
interface SignalInstaller {

	/**
	 * Installs the handler.
	 * @param signal the signal
	 * @param handler what to run, on the JVM's signal dispatch thread
	 * @return what puts the previous handler back
	 * @throws IllegalArgumentException when the JVM or OS keeps this signal for itself
	 */
	Runnable install(WaiterSignal signal, Runnable handler);

	/**
	 * The JVM's own signal API ({@code sun.misc.Signal}, module jdk.unsupported), the
	 * only way a Java program handles HUP, USR1 and USR2.
	 * @return the installer
	 */
	static SignalInstaller jvm() {
		return (signal, handler) -> {
			sun.misc.Signal osSignal = new sun.misc.Signal(signal.name());
			sun.misc.SignalHandler previous = sun.misc.Signal.handle(osSignal, (received) -> handler.run());
			return () -> sun.misc.Signal.handle(osSignal, previous);
		};
	}

}
