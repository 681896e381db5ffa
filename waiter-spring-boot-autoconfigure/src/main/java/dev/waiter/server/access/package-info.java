/**
 * Address rules: CIDR blocks ({@link dev.waiter.server.access.CidrBlock}, which
 * {@code WaiterServerSettings} takes for its allow and deny lists) and Net::Server's allow
 * and deny decision. Pure; matched on the accepting thread for every client.
 * <p>
 * Apart from {@code CidrBlock}, its public types are public for the server's other
 * packages; they are not API, and may change in any release.
 */
@NullMarked
package dev.waiter.server.access;

import org.jspecify.annotations.NullMarked;
