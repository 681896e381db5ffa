package dev.waiter.actuate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.waiter.Waiter;
import dev.waiter.server.WaiterServer;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Every waiter server of the application by server name: the default one and the named
 * ones, which are not default candidates for injection by type and so are looked up
 * here. Called on the thread that creates the actuator beans.
 */
final class WaiterServers {

	private WaiterServers() {
	}

	static Map<String, Waiter> byName(ListableBeanFactory beanFactory) {
		Map<String, Waiter> servers = new LinkedHashMap<>();
		beanFactory.getBeansOfType(WaiterServer.class)
			.values()
			.stream()
			.sorted(Comparator.comparing(WaiterServer::getName))
			.forEach((server) -> servers.put(server.getName(), server));
		return servers;
	}

}
