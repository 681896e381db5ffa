/**
 * The threads a server runs on: the workers that serve clients (a new virtual thread per
 * task where the JVM has them and they are asked for, else a pool of platform threads),
 * the accepting thread of fork and nofork mode, and the one non-daemon thread that holds
 * the JVM from a run's start to the end of its stop. All but that one are daemons.
 * <p>
 * Its public types are public for the server's core package; they are not API, and may
 * change in any release.
 */
@NullMarked
package dev.waiter.server.threads;

import org.jspecify.annotations.NullMarked;
