/**
 * The waiter server: {@link dev.waiter.server.WaiterServer} (the lifecycle bean and the
 * {@link dev.waiter.Waiter} facade), its settings, the accept loop, the per-mode dispatch
 * of connections to threads ({@code ForkDispatcher}, {@code NoforkDispatcher},
 * {@code PreforkDispatcher}), the run's registry of live connections, the drain of a stop
 * and the runner that publishes a connection's events. It puts together the packages
 * under it, each of one concern, none of which depends on this one:
 * {@link dev.waiter.server.connection} (the socket-backed connection and its streams),
 * {@link dev.waiter.server.tls}, {@link dev.waiter.server.proxy} (the PROXY protocol),
 * {@link dev.waiter.server.access} (CIDR rules), {@link dev.waiter.server.admission} (who
 * is served, how a refused client is closed), {@link dev.waiter.server.timeout} and
 * {@link dev.waiter.server.threads}.
 * Depends on Spring's context only, never on Boot's auto-configuration.
 */
@NullMarked
package dev.waiter.server;

import org.jspecify.annotations.NullMarked;
