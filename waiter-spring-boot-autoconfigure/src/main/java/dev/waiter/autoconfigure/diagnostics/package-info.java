/**
 * What Spring Boot prints when a server cannot start: the failure analyzers for a taken
 * address, port or Unix socket path and for a missing inherited socket (both exit code
 * 100, Net::Waiter's run() failing to listen). Registered in {@code spring.factories}; not
 * API.
 */
@NullMarked
package dev.waiter.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
