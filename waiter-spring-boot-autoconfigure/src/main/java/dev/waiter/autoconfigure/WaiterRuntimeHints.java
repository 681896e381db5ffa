package dev.waiter.autoconfigure;

import java.util.List;

import dev.waiter.Waiter;
import dev.waiter.WaiterAcceptFailure;
import dev.waiter.ProxyHeader;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterAcceptErrorEvent;
import dev.waiter.event.WaiterAcceptedEvent;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterIdleEvent;
import dev.waiter.event.WaiterListeningEvent;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterRejectedEvent;
import dev.waiter.event.WaiterSignalEvent;
import dev.waiter.event.WaiterSslErrorEvent;
import dev.waiter.event.WaiterStartingEvent;
import dev.waiter.event.WaiterStoppingEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs beyond what Spring's AOT processing finds by itself: the
 * events' and the connection's public methods, which {@code @EventListener(condition =
 * "...")} SpEL expressions call reflectively ({@code #event.connection.peerHost}), and the
 * records the endpoint and health show. Configuration properties are registered by Boot's
 * own AOT processing; OS signals use {@code sun.misc.Signal} directly, without reflection.
 */
class WaiterRuntimeHints implements RuntimeHintsRegistrar {

	static final List<Class<?>> EVENTS = List.of(WaiterStartingEvent.class, WaiterListeningEvent.class,
			WaiterAcceptErrorEvent.class, WaiterAcceptedEvent.class, WaiterRejectedEvent.class,
			WaiterWorkerStartedEvent.class, WaiterProcessEvent.class, WaiterClosingEvent.class,
			WaiterWorkerExitedEvent.class, WaiterIdleEvent.class, WaiterSslErrorEvent.class, WaiterSignalEvent.class,
			WaiterStoppingEvent.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> type : EVENTS) {
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		hints.reflection()
			.registerType(WaiterConnection.class, MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(Waiter.class, MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(TypeReference.of("dev.waiter.server.connection.SocketConnection"), MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(ProxyHeader.class, MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(ProxyHeader.Ssl.class, MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(WaiterAcceptFailure.class, MemberCategory.INVOKE_PUBLIC_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
	}

}
