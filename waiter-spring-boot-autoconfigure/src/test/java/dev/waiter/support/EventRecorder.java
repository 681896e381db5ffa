package dev.waiter.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterConnectionEvent;
import dev.waiter.event.WaiterEvent;
import dev.waiter.event.WaiterSignalEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.event.WaiterWorkerStartedEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

import static org.awaitility.Awaitility.await;

/**
 * Records every waiter event with the thread it arrived on and whether that thread was
 * a "child", as a listener bean of the test context.
 */
public class EventRecorder {

	private final List<Recorded> events = new CopyOnWriteArrayList<>();

	@EventListener
	public void on(WaiterEvent event) {
		this.events.add(new Recorded(event, Thread.currentThread().getName(), Thread.currentThread().toString(),
				event.getWaiter().isChild(), connectionOf(event)));
	}

	private static @Nullable WaiterConnection connectionOf(WaiterEvent event) {
		if (event instanceof WaiterConnectionEvent connectionEvent) {
			return connectionEvent.getConnection();
		}
		if (event instanceof WaiterWorkerStartedEvent started) {
			return started.getConnection();
		}
		if (event instanceof WaiterWorkerExitedEvent exited) {
			return exited.getConnection();
		}
		if (event instanceof WaiterSignalEvent signal) {
			return signal.getConnection();
		}
		return null;
	}

	public List<Recorded> all() {
		return List.copyOf(this.events);
	}

	public <T extends WaiterEvent> List<T> all(Class<T> type) {
		return this.events.stream().map(Recorded::event).filter(type::isInstance).map(type::cast).toList();
	}

	public List<Recorded> forConnection(long id) {
		return this.events.stream()
			.filter((recorded) -> recorded.connection() != null && recorded.connection().id() == id)
			.toList();
	}

	public List<Class<?>> typesForConnection(long id) {
		return forConnection(id).stream().map((recorded) -> recorded.event().getClass()).collect(Collectors.toList());
	}

	/** Waits until the given number of connections have ended, and returns their exit events. */
	public List<WaiterWorkerExitedEvent> awaitExited(int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> exitedConnections().size() >= count);
		return exitedConnections();
	}

	private List<WaiterWorkerExitedEvent> exitedConnections() {
		return all(WaiterWorkerExitedEvent.class).stream().filter((exited) -> !exited.isPoolWorker()).toList();
	}

	public void clear() {
		this.events.clear();
	}

	/** One event and where it was seen. */
	public record Recorded(WaiterEvent event, String threadName, String thread, boolean child,
			@Nullable WaiterConnection connection) {

		public Class<?> type() {
			return this.event.getClass();
		}

	}


}
