/**
 * The waiter server: {@link dev.waiter.server.WaiterServer} (the lifecycle bean), its
 * accept loop, the per-mode dispatch of connections to threads, and the socket-backed
 * connection. Depends on Spring's context only, never on Boot's auto-configuration.
 */
@NullMarked
package dev.waiter.server;

import org.jspecify.annotations.NullMarked;
