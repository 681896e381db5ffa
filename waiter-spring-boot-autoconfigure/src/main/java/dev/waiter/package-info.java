/**
 * The API a waiter handler sees: the running server, its connections, and the enums
 * that name modes, signals and outcomes. Interfaces and enums only, so that
 * applications depend on this package and never on the implementation.
 */
@NullMarked
package dev.waiter;

import org.jspecify.annotations.NullMarked;
