package dev.waiter.observation;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterRequestEvent;
import io.micrometer.observation.Observation;

/**
 * What the {@code waiter.request} observation knows: the request's event (its request, its
 * sequence number and its name, which a listener may give it while it runs), its connection
 * and its server. Created on the thread that publishes the event.
 */
public class WaiterRequestObservationContext extends Observation.Context {

	private final WaiterRequestEvent event;

	private final String serverName;

	/**
	 * Creates the context of one request.
	 * @param event the request's event
	 * @param serverName the server's name ({@code waiter.name})
	 */
	public WaiterRequestObservationContext(WaiterRequestEvent event, String serverName) {
		this.event = event;
		this.serverName = serverName;
	}

	public WaiterRequestEvent getEvent() {
		return this.event;
	}

	public WaiterConnection getConnection() {
		return this.event.getConnection();
	}

	public String getServerName() {
		return this.serverName;
	}

}
