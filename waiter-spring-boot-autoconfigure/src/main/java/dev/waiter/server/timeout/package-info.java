/**
 * Time limits: the one timer thread every server shares (TLS handshake deadlines, timeout
 * sweeps) and the run's sweeper of the read, write and PROXY header timeouts, which reads
 * each live connection's clocks and closes the overdue ones. What it sweeps it is given.
 * <p>
 * Its public types are public for the server's other packages; they are not API, and may
 * change in any release.
 */
@NullMarked
package dev.waiter.server.timeout;

import org.jspecify.annotations.NullMarked;
