/**
 * One Micrometer {@code Observation} per connection ({@code waiter.connection}): a timer,
 * a trace span and log correlation at once, current on the connection's thread for its
 * whole life. Implements the server's serving hook; wired by its own auto-configuration.
 */
@NullMarked
package dev.waiter.observation;

import org.jspecify.annotations.NullMarked;
