/**
 * Benchmark servers that do the sample app's work (the Net::Waiter demo reply, and a line
 * echo), and the load client that drives the echo and idle workloads. Loopback only.
 */
@NullMarked
package dev.waiter.benchmarks;

import org.jspecify.annotations.NullMarked;
