package dev.waiter;

/**
 * Who reads a connection's requests; {@code waiter.handler-model}.
 */
public enum WaiterHandlerModel {

	/**
	 * The application's handler reads and answers the whole connection in one
	 * {@link dev.waiter.event.WaiterProcessEvent} (Net::Waiter's {@code on_process}): any
	 * protocol, any conversation; a connection waiting for its client holds its handler's
	 * thread and stack.
	 */
	CONNECTION,

	/**
	 * The server reads each request with a {@link RequestDecoder} (the configured framing
	 * or the application's own) and publishes one {@link dev.waiter.event.WaiterRequestEvent}
	 * per request: between requests a connection holds no handler stack (and, on platform
	 * threads, no thread), a graceful stop knows exactly which connections are between
	 * requests, and each request is observed.
	 */
	REQUEST

}
