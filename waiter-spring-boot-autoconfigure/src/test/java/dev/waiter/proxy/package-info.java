/**
 * Tests of the PROXY protocol, the per-peer cap, several servers and restarts on one port.
 */
@NullMarked
package dev.waiter.proxy;

import org.jspecify.annotations.NullMarked;
