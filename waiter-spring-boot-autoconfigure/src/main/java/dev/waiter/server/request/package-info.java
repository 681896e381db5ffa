/**
 * The request model's settings and its observer SPI: {@link WaiterRequestModel} (the decoder,
 * how a connection waits between requests, the observer) and {@link RequestObserver}, which
 * follows a connection of the request model across the threads it is served on. The loop
 * itself is the server's core ({@code RequestSession}).
 */
@NullMarked
package dev.waiter.server.request;

import org.jspecify.annotations.NullMarked;
