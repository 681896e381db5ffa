package dev.waiter.server.tls;

import java.util.Locale;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * The host name a TLS client asked for in its hello (SNI, RFC 6066), as the JDK keeps it
 * on the session: in the ASCII form (an internationalised name as its {@code xn--}
 * labels), lower-cased. Read on whichever thread holds the session.
 */
public final class RequestedServerName {

	private RequestedServerName() {
	}

	/**
	 * The requested host name of a session.
	 * @param session the handshake session, or the established one
	 * @return the host name, or {@code null} if the client sent none
	 */
	public static @Nullable String of(@Nullable SSLSession session) {
		if (session instanceof ExtendedSSLSession extended) {
			for (SNIServerName name : extended.getRequestedServerNames()) {
				if (name instanceof SNIHostName host) {
					return host.getAsciiName().toLowerCase(Locale.ROOT);
				}
			}
		}
		return null;
	}

}
