package dev.waiter;

import java.time.Instant;

/**
 * The last failed accept of a server, for operators: when, what, and how many accepts have
 * failed since the server was created.
 * @param at when the last accept failed
 * @param error the exception's class and message
 * @param count accept errors so far
 */
public record WaiterAcceptFailure(Instant at, String error, long count) {
}
