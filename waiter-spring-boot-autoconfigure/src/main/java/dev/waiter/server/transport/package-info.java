/**
 * Unix domain sockets behind the {@code java.net} types the server is built on: the JDK has
 * them only as channels ({@code ServerSocketChannel.open(StandardProtocolFamily.UNIX)}),
 * whose {@code socket()} is unsupported, while the accept loop, the connection, the TLS
 * layer and the PROXY header reader use {@link java.net.ServerSocket} and
 * {@link java.net.Socket}. {@link dev.waiter.server.transport.UnixServerSocket} and
 * {@link dev.waiter.server.transport.UnixSocket} adapt the channels to them, and
 * {@link dev.waiter.server.transport.UnixSocketFile} owns the socket's file: the stale
 * file a dead process left, the permissions, the removal at close. Depends on nothing of
 * the server.
 * <p>
 * Its public types are public for the server's other packages; they are not API, and may
 * change in any release.
 */
@NullMarked
package dev.waiter.server.transport;

import org.jspecify.annotations.NullMarked;
