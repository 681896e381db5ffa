/**
 * The server seen from outside, as Spring Boot users look at servers: Micrometer meters,
 * a health contributor and the {@code waiter} actuator endpoint. Each part reads the
 * server or listens to its events; the server does not know they exist.
 */
@NullMarked
package dev.waiter.actuate;

import org.jspecify.annotations.NullMarked;
