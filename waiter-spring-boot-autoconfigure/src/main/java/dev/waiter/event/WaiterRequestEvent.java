package dev.waiter.event;

import java.io.Serial;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import org.jspecify.annotations.Nullable;

/**
 * One request of a connection in the request model ({@code waiter.handler-model=request}):
 * the server has read it with its {@link dev.waiter.RequestDecoder}, and a listener answers
 * it into {@code getConnection().out()} (or {@code writeFrame}, the writer...). What the
 * listeners wrote is sent when no further request is already buffered, so pipelined
 * requests get one write. Published on the connection's thread, which may be another
 * thread for each request of the same connection (a platform thread resumed from the
 * idle selector); plain blocking I/O is expected.
 * <p>
 * A listener that throws ends this connection only, as with the process event. Listeners
 * should not read the input themselves: the next request is the decoder's.
 */
public final class WaiterRequestEvent extends WaiterConnectionEvent {

	@Serial
	private static final long serialVersionUID = 1L;

	private final transient Object request;

	private final long sequence;

	private transient @Nullable String name;

	/**
	 * Creates the event for a decoded request.
	 * @param waiter the server
	 * @param connection the connection the request came on
	 * @param request what the decoder returned
	 * @param sequence the request's number on its connection, from 1
	 * @param name the decoder's name for the request, if any
	 */
	public WaiterRequestEvent(Waiter waiter, WaiterConnection connection, Object request, long sequence,
			@Nullable String name) {
		super(waiter, connection);
		this.request = request;
		this.sequence = sequence;
		this.name = name;
	}

	/**
	 * The request, as the decoder returned it: a {@code byte[]} payload when the decoder
	 * is the configured framing.
	 * @param <R> the decoder's request type
	 * @return the request
	 */
	@SuppressWarnings("unchecked")
	public <R> R getRequest() {
		return (R) this.request;
	}

	/**
	 * The request's number on its connection: 1 for the first.
	 * @return the sequence number
	 */
	public long getSequence() {
		return this.sequence;
	}

	/**
	 * Names the request for its observation and metrics (key {@code waiter.request.name}):
	 * a low-cardinality value, such as a command, never a key or an id.
	 * @param name the name
	 */
	public void nameRequest(String name) {
		this.name = name;
	}

	/**
	 * The request's name, from the decoder or a listener.
	 * @return the name, or {@code null} when none was given
	 */
	public @Nullable String getRequestName() {
		return this.name;
	}

}
