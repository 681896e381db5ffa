/**
 * The socket-backed {@link dev.waiter.WaiterConnection}: its byte streams (the buffered
 * input and output every API shares), the reader and writer over them, the state through
 * which a graceful stop and the connection's own read decide whether it is idle, the
 * clocks the timeout sweeper reads, and the orderly close that lets a written reply reach
 * the client. Depends on the API and the framing only: what it needs of a run (whether its
 * stop has begun) it is given as a function.
 * <p>
 * Its public types are public for the server's other packages; they are not API, and may
 * change in any release. Applications see a connection through
 * {@link dev.waiter.WaiterConnection}.
 */
@NullMarked
package dev.waiter.server.connection;

import org.jspecify.annotations.NullMarked;
