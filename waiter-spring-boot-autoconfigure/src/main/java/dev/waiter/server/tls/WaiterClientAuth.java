package dev.waiter.server.tls;

/**
 * Whether TLS clients must show a certificate (Net::Waiter's SSL_verify_mode);
 * {@code waiter.ssl.client-auth}.
 */
public enum WaiterClientAuth {

	/** No client certificate is asked for. */
	NONE,

	/** A client certificate is asked for; a client without one is still served. */
	WANT,

	/** A client certificate signed by a trusted issuer is required. */
	NEED

}
