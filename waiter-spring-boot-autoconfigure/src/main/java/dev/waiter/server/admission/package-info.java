/**
 * Who is served: the decisions made on the acceptor (allow/deny, a trusted balancer) and,
 * behind a PROXY header, on the connection's own thread (allow/deny and the per-address cap
 * with the client's address), the connection rate per address ({@link PeerRateLimiter}),
 * and the close of a refused client that lets a rejected-event listener's reply reach it. What it needs of a run (counting connections per address,
 * announcing a refusal) it is given as two small interfaces.
 * <p>
 * Its public types are public for the server's other packages; they are not API, and may
 * change in any release.
 */
@NullMarked
package dev.waiter.server.admission;

import org.jspecify.annotations.NullMarked;
