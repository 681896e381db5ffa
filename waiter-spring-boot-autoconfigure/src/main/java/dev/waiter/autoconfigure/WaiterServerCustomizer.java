package dev.waiter.autoconfigure;

import dev.waiter.server.WaiterServerSettings;

/**
 * Adjusts the settings of the auto-configured server after the properties are applied.
 * Beans of this type are called in order ({@code @Order}, {@code Ordered}) on the thread
 * that creates the server bean.
 */
@FunctionalInterface
public interface WaiterServerCustomizer {

	/**
	 * Customizes the settings before the server is created.
	 * @param settings the settings to adjust
	 */
	void customize(WaiterServerSettings settings);

}
