/**
 * Test support for applications that run a waiter server: {@link dev.waiter.test.WaiterTestClient}.
 */
@NullMarked
package dev.waiter.test;

import org.jspecify.annotations.NullMarked;
