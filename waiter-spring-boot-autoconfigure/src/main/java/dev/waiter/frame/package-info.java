/**
 * Framing strategies for {@link dev.waiter.WaiterConnection#readFrame()} and
 * {@link dev.waiter.WaiterConnection#writeFrame(byte[])}: lines, a delimiter byte, STX/ETX,
 * a length header, fixed length and raw-until-close, each with a maximum size, as Spring
 * Integration's serializers and Netty's frame decoders. They depend on the API package only.
 */
@NullMarked
package dev.waiter.frame;

import org.jspecify.annotations.NullMarked;
