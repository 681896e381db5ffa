/**
 * The PROXY protocol (HAProxy's versions 1 and 2): its settings
 * ({@link dev.waiter.server.proxy.WaiterProxyProtocol}, set through
 * {@code WaiterServerSettings} or the {@code waiter.proxy-protocol.*} properties), the pure
 * decoder of a header and the reader that takes one off a connection on its own thread.
 * <p>
 * Apart from the settings value, its public types are public for the server's other
 * packages; they are not API, and may change in any release. Applications see a header
 * through {@link dev.waiter.ProxyHeader}.
 */
@NullMarked
package dev.waiter.server.proxy;

import org.jspecify.annotations.NullMarked;
