/**
 * A Redis-protocol (RESP2) server written on waiter's public API only: the example the
 * README shows and the benchmark measures against redis-server.
 */
@NullMarked
package dev.waiter.resp;

import org.jspecify.annotations.NullMarked;
