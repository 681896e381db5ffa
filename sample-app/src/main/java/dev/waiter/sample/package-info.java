/**
 * The Net::Waiter demo as a Spring Boot application: an HTTP/1.0 "hello world" served
 * by two event listeners.
 */
@NullMarked
package dev.waiter.sample;

import org.jspecify.annotations.NullMarked;
