package dev.waiter.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.waiter.Waiter;
import dev.waiter.WaiterSignal;
import dev.waiter.server.WaiterServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * With {@code waiter.signals.os=true}, turns the process's HUP, USR1 and USR2 into
 * {@link Waiter#signal(WaiterSignal)} calls, on the JVM's signal dispatch thread. Installs
 * on start, right after the server it depends on has started (Spring starts dependencies
 * first), and puts the previous handlers back on stop, before the server stops.
 * Logs at start-up which signals it took and, at WARN, which the JVM refused and why.
 */
class WaiterOsSignals implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WaiterOsSignals.class);

	private final Waiter waiter;

	private final SignalInstaller installer;

	private final List<Runnable> restorers = new ArrayList<>();

	private volatile boolean running;

	WaiterOsSignals(Waiter waiter, SignalInstaller installer) {
		this.waiter = waiter;
		this.installer = installer;
	}

	@Override
	public void start() {
		List<WaiterSignal> installed = new ArrayList<>();
		Map<WaiterSignal, String> refused = new LinkedHashMap<>();
		for (WaiterSignal signal : WaiterSignal.values()) {
			try {
				this.restorers.add(this.installer.install(signal, () -> this.waiter.signal(signal)));
				installed.add(signal);
			}
			catch (IllegalArgumentException | UnsupportedOperationException ex) {
				refused.put(signal, ex.getMessage());
			}
		}
		if (!installed.isEmpty()) {
			logger.info("Waiter handles OS signals {}", installed);
		}
		refused.forEach((signal, reason) -> logger
			.warn("Waiter cannot handle OS signal {} on this JVM ({}); use the waiter endpoint or Waiter.signal", signal,
					reason));
		this.running = true;
	}

	@Override
	public void stop() {
		this.restorers.forEach(Runnable::run);
		this.restorers.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WaiterServer.PHASE;
	}

}
