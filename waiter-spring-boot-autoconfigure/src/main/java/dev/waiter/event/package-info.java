/**
 * One immutable Spring {@code ApplicationEvent} per Net::Waiter hook. Listeners run
 * synchronously on the thread each class names, so a handler is plain blocking code.
 */
@NullMarked
package dev.waiter.event;

import org.jspecify.annotations.NullMarked;
