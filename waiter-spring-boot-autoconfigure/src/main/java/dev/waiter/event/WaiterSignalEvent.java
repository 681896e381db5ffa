package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.WaiterSignal;
import org.jspecify.annotations.Nullable;

/**
 * Net::Waiter's {@code on_sig_hup}, {@code on_sig_usr1}, {@code on_sig_usr2} (connection
 * {@code null}: the server got the signal) and {@code on_child_sig_*} (connection set:
 * the signal propagated to that live connection). Published on the signalling thread:
 * the caller of {@link Waiter#signal}, the endpoint's request thread, or the JVM's
 * signal dispatcher. A listener that wants to act on the connection's own thread can
 * record the signal in the connection's attributes.
 */
public final class WaiterSignalEvent extends WaiterEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final WaiterSignal signal;

	private final transient @Nullable WaiterConnection connection;

	/**
	 * Creates a signal event.
	 * @param waiter the server
	 * @param signal the signal
	 * @param connection the live connection it propagated to, or {@code null} for the server
	 */
	public WaiterSignalEvent(Waiter waiter, WaiterSignal signal, @Nullable WaiterConnection connection) {
		super(waiter);
		this.signal = signal;
		this.connection = connection;
	}

	/**
	 * The signal.
	 * @return the signal
	 */
	public WaiterSignal getSignal() {
		return this.signal;
	}

	/**
	 * The connection the signal propagated to.
	 * @return the connection, or {@code null} for the server itself
	 */
	public @Nullable WaiterConnection getConnection() {
		return this.connection;
	}

	/**
	 * Whether this is a connection's ("child's") copy of the signal.
	 * @return true when a connection is set
	 */
	public boolean isChild() {
		return this.connection != null;
	}

}
