package dev.waiter.server;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterAcceptErrorEvent;
import dev.waiter.event.WaiterIdleEvent;
import dev.waiter.event.WaiterRejectedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * How the server's threads publish events, by what a listener's exception means there:
 * on a connection's thread it ends that connection ({@link #forConnection}); on an
 * acceptor, a worker or the shutdown thread it is logged and the thread goes on
 * ({@link #quietly}). Called from any of the server's threads.
 */
final class ServerEvents {

	private static final Logger logger = LoggerFactory.getLogger(WaiterServer.class);

	private final Waiter waiter;

	private final ApplicationEventPublisher publisher;

	private final AcceptErrorLog acceptErrorLog = new AcceptErrorLog(logger, AcceptErrorLog.INTERVAL);

	private final OperatorRecord record = new OperatorRecord();

	ServerEvents(Waiter waiter, ApplicationEventPublisher publisher) {
		this.waiter = waiter;
		this.publisher = publisher;
	}

	/**
	 * Publishes and lets a listener's exception through: for the lifecycle thread, where
	 * it fails the start as any other bean's would.
	 */
	void strictly(ApplicationEvent event) {
		this.publisher.publishEvent(event);
	}

	/**
	 * Publishes a connection's event and returns what a listener threw, for the caller
	 * to end that connection with. A checked exception that Spring wrapped because the
	 * listener method declared it is unwrapped, so the outcome sees the I/O error itself.
	 */
	@Nullable Throwable forConnection(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
			return null;
		}
		catch (UndeclaredThrowableException ex) {
			return (ex.getCause() != null) ? ex.getCause() : ex;
		}
		catch (Throwable ex) {
			return ex;
		}
	}

	/**
	 * Publishes an event whose listeners must not stop the publishing thread: whatever
	 * they throw, an {@code Error} such as a test's {@code AssertionError} included, is
	 * logged and the thread goes on. An acceptor that died here would leave a server that
	 * says it is listening and accepts no one.
	 */
	void quietly(ApplicationEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (Throwable ex) {
			logger.error("Listener of {} failed", event.getClass().getSimpleName(), ex);
		}
	}

	/** The refusals and accept failures an operator reads. */
	OperatorRecord record() {
		return this.record;
	}

	/**
	 * A refused client: counted for the operator, then its rejected event, whose listeners
	 * may still write to it; what they throw is ignored, as the client is closed next.
	 */
	void rejected(WaiterConnection connection, String reason) {
		this.record.rejected(reason);
		forConnection(new WaiterRejectedEvent(this.waiter, connection, reason));
	}

	void idle(Duration idleTime, @Nullable String workerName) {
		quietly(new WaiterIdleEvent(this.waiter, idleTime, workerName));
	}

	/** Every accept error is an event (and counted); the log says it at most once per interval. */
	void acceptError(Exception error) {
		this.record.acceptFailed(error);
		this.acceptErrorLog.log(error);
		quietly(new WaiterAcceptErrorEvent(this.waiter, error));
	}

}
