package dev.waiter.server.proxy;

import java.io.IOException;
import java.io.Serial;

/**
 * A PROXY protocol header that breaks the spec, or none where one was required: the
 * connection is refused with reason {@code proxy-protocol}.
 */
final class MalformedProxyHeaderException extends IOException {

	@Serial
	private static final long serialVersionUID = 1L;

	MalformedProxyHeaderException(String message) {
		super(message);
	}

}
