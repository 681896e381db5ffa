/**
 * One Micrometer {@code Observation} per connection ({@code waiter.connection}): a timer,
 * a trace span and log correlation at once, current on the connection's thread for its
 * whole life; in the request model, also one {@code waiter.request} per request under it.
 * Implements the server's serving hook and request observer; wired by its own
 * auto-configuration.
 */
@NullMarked
package dev.waiter.observation;

import org.jspecify.annotations.NullMarked;
