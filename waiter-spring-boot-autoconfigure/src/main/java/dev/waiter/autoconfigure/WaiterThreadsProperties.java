package dev.waiter.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The threads that serve clients: {@code waiter.threads.*} of the default server and of
 * each named one, nested in {@link WaiterServerProperties}.
 */
public class WaiterThreadsProperties {

	/**
	 * Whether to serve clients on virtual threads when the JVM has them (21+);
	 * defaults to spring.threads.virtual.enabled.
	 */
	private @Nullable Boolean virtual;

	public @Nullable Boolean getVirtual() {
		return this.virtual;
	}

	public void setVirtual(@Nullable Boolean virtual) {
		this.virtual = virtual;
	}

}
