/**
 * Loopback clients and recording listeners shared by the tests.
 */
@NullMarked
package dev.waiter.support;

import org.jspecify.annotations.NullMarked;
