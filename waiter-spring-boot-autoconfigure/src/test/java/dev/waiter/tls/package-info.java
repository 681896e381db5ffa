/**
 * TLS tests: real handshakes on loopback with JDK and openssl clients.
 */
@NullMarked
package dev.waiter.tls;

import org.jspecify.annotations.NullMarked;
