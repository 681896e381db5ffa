package dev.waiter.server.timeout;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One daemon thread for every server's timers: TLS handshake deadlines and write-timeout
 * sweeps. Its tasks only read clocks and close sockets (the plain socket, which never
 * waits on a client), so one thread keeps up with any number of connections.
 */
public final class ServerTimers {

	public static final ScheduledThreadPoolExecutor EXECUTOR = create();

	private ServerTimers() {
	}

	private static ScheduledThreadPoolExecutor create() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "waiter-timers");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

}
