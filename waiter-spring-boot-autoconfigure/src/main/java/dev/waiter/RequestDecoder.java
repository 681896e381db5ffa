package dev.waiter;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Reads one request from a connection, for the request model ({@code waiter.handler-model=request}):
 * the server calls it whenever the connection's client has sent something, publishes one
 * {@link dev.waiter.event.WaiterRequestEvent} with what it returned, and calls it again.
 * Between two calls the connection runs nothing of the application's, so a connection idle
 * between requests costs no handler stack.
 * <p>
 * A decoder reads exactly one request and no more than it needs (the input is buffered:
 * pipelined requests stay there for the next call), and returns {@code null} only at a
 * clean end of stream before the first byte of a request. A request it cannot parse is a
 * {@link WaiterProtocolException}: the server publishes a
 * {@link dev.waiter.event.WaiterProtocolErrorEvent}, whose listeners may answer it, and
 * closes the connection. Implementations are shared by every connection of a server and
 * called on the connection's thread, one call at a time per connection; they keep no state
 * of a connection between calls.
 * @param <R> the request's type
 */
@FunctionalInterface
public interface RequestDecoder<R> {

	/**
	 * Reads the next request.
	 * @param input the connection's input, positioned at the start of a request
	 * @return the request, or {@code null} at a clean end of stream between requests
	 * @throws WaiterProtocolException for bytes that are not a request
	 * @throws IOException when a read fails or times out
	 */
	@Nullable R decode(ConnectionInput input) throws IOException;

	/**
	 * A short, low-cardinality name for the request (a command such as {@code GET}), the
	 * {@code waiter.request.name} key of its observation and metrics. A listener may set
	 * one instead ({@link dev.waiter.event.WaiterRequestEvent#nameRequest(String)}).
	 * @param request what {@link #decode} returned
	 * @return the name, or {@code null} for none
	 */
	default @Nullable String name(R request) {
		return null;
	}

}
