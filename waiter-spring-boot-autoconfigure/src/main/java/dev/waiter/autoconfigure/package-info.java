/**
 * Spring Boot auto-configuration for the waiter server: properties, the server bean,
 * the {@code local.waiter.port} property and start-up failure analysis.
 */
@NullMarked
package dev.waiter.autoconfigure;

import org.jspecify.annotations.NullMarked;
