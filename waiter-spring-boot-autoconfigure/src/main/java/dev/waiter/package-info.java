/**
 * The API a waiter handler sees: the running server, its connections and their byte
 * streams, the exceptions a client's protocol errors raise, and the enums that name
 * modes, signals and outcomes. No implementation, so that applications depend on this
 * package (and {@code dev.waiter.event}, {@code dev.waiter.frame}) and never on the server.
 */
@NullMarked
package dev.waiter;

import org.jspecify.annotations.NullMarked;
