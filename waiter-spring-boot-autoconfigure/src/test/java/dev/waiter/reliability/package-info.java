/**
 * What the server survives: hostile and broken clients, faulty handlers, garbage input,
 * allow/deny, graceful drain and descriptor exhaustion, all on real loopback sockets.
 */
@NullMarked
package dev.waiter.reliability;

import org.jspecify.annotations.NullMarked;
