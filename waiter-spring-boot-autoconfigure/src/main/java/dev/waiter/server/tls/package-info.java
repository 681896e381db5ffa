/**
 * TLS: how a server speaks it ({@link dev.waiter.server.tls.WaiterTls},
 * {@link dev.waiter.server.tls.WaiterClientAuth}, set through
 * {@code WaiterServerSettings} or the {@code waiter.ssl.*} properties) and the handshake of
 * one connection on its own thread, bounded by its deadline; the key manager that picks the
 * certificate by the client's SNI name ({@link dev.waiter.server.tls.ServerNameKeyManager}).
 * <p>
 * Apart from those two settings values, its public types are public for the server's
 * other packages; they are not API, and may change in any release.
 */
@NullMarked
package dev.waiter.server.tls;

import org.jspecify.annotations.NullMarked;
