package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import org.springframework.context.ApplicationEvent;

/**
 * Base of every waiter event: the source is the {@link Waiter} that published it.
 * Listeners run synchronously on the publishing thread, which each subclass names; an
 * exception thrown by a listener of a connection's event ends that connection only.
 */
public abstract class WaiterEvent extends ApplicationEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Creates an event published by the given server.
	 * @param waiter the server
	 */
	protected WaiterEvent(Waiter waiter) {
		super(waiter);
	}

	/**
	 * The server that published this event.
	 * @return the server
	 */
	@Override
	public Waiter getSource() {
		return (Waiter) super.getSource();
	}

	/**
	 * The server that published this event; the same as {@link #getSource()}.
	 * @return the server
	 */
	public Waiter getWaiter() {
		return getSource();
	}

}
