package dev.waiter;

/**
 * How the server hands accepted connections to threads; {@code waiter.mode}.
 */
public enum WaiterMode {

	/**
	 * One new thread per connection (Net::Waiter's default forking mode): a virtual
	 * thread where the JVM has them and {@code waiter.threads.virtual} is on, else a
	 * platform thread.
	 */
	FORK,

	/**
	 * A pool of workers that each accept on the shared listen socket and serve their
	 * own client (Net::Waiter's PREFORK), growing toward {@code waiter.prefork.max}.
	 */
	PREFORK,

	/**
	 * One client at a time, served on the acceptor thread (Net::Waiter's NOFORK).
	 */
	NOFORK

}
