/**
 * Tests of serving on a Unix domain socket ({@code waiter.unix-socket}): real {@code curl},
 * JDK channel clients, the modes, the drain, the peer's credentials and HAProxy's
 * {@code unix@} servers.
 */
@NullMarked
package dev.waiter.unix;

import org.jspecify.annotations.NullMarked;
