package dev.waiter.autoconfigure;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

import dev.waiter.WaiterMode;
import dev.waiter.server.WaiterClientAuth;
import dev.waiter.server.WaiterShutdown;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the waiter server, under {@code waiter}. Defaults equal those of
 * {@link dev.waiter.server.WaiterServerSettings}; values are checked at start-up by
 * {@link WaiterSettingsFactory}.
 */
@ConfigurationProperties("waiter")
public class WaiterProperties {

	/**
	 * Whether to run the waiter server.
	 */
	private boolean enabled = true;

	/**
	 * Server name, used as the "server" tag of the meters.
	 */
	private String name = "default";

	/**
	 * TCP port to listen on (Net::Waiter's PORT); 0 picks a free port.
	 */
	private int port = 9123;

	/**
	 * Network address to bind to; every interface when unset.
	 */
	private @Nullable InetAddress address;

	/**
	 * Length of the listen queue for clients not accepted yet.
	 */
	private int backlog = 128;

	/**
	 * How clients are put on threads: fork (a thread per client), prefork (a pool of
	 * accepting workers) or nofork (one client at a time).
	 */
	private WaiterMode mode = WaiterMode.FORK;

	/**
	 * Most concurrent connections in fork mode (Net::Waiter's MAXFORK); a client over it is
	 * accepted, gets the rejected event and is closed.
	 */
	private int maxConnections = 1024;

	/**
	 * Time without a client after which an idle event is published (Net::Waiter's TIMEOUT);
	 * 0 publishes none.
	 */
	private Duration acceptTimeout = Duration.ofSeconds(4);

	/**
	 * Longest wait for data from a client (SO_TIMEOUT), after which the handler's read
	 * throws SocketTimeoutException; no limit when unset.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * Charset of the connection's reader and writer.
	 */
	private Charset charset = StandardCharsets.UTF_8;

	/**
	 * What stopping does with live connections: graceful (let them finish within
	 * spring.lifecycle.timeout-per-shutdown-phase) or immediate.
	 */
	private WaiterShutdown shutdown = WaiterShutdown.GRACEFUL;

	/**
	 * Whether to disable Nagle's algorithm on client sockets (TCP_NODELAY).
	 */
	private boolean tcpNoDelay = true;

	/**
	 * Whether to send TCP keep-alive probes on idle client sockets (SO_KEEPALIVE).
	 */
	private boolean keepAlive;

	/**
	 * Whether the listen socket may bind while old connections linger (SO_REUSEADDR).
	 */
	private boolean reuseAddress = true;

	/**
	 * Client addresses to serve, as CIDR blocks (IPv4 or IPv6); when set, every other
	 * address is refused. Empty: every address not denied.
	 */
	private List<String> allow = new ArrayList<>();

	/**
	 * Client addresses to refuse right after accept, as CIDR blocks; deny wins over allow.
	 */
	private List<String> deny = new ArrayList<>();

	private final Prefork prefork = new Prefork();

	private final Threads threads = new Threads();

	private final Signals signals = new Signals();

	private final Ssl ssl = new Ssl();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable InetAddress address) {
		this.address = address;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		this.backlog = backlog;
	}

	public WaiterMode getMode() {
		return this.mode;
	}

	public void setMode(WaiterMode mode) {
		this.mode = mode;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getAcceptTimeout() {
		return this.acceptTimeout;
	}

	public void setAcceptTimeout(Duration acceptTimeout) {
		this.acceptTimeout = acceptTimeout;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Charset getCharset() {
		return this.charset;
	}

	public void setCharset(Charset charset) {
		this.charset = charset;
	}

	public WaiterShutdown getShutdown() {
		return this.shutdown;
	}

	public void setShutdown(WaiterShutdown shutdown) {
		this.shutdown = shutdown;
	}

	public boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	public void setTcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
	}

	public List<String> getAllow() {
		return this.allow;
	}

	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	public List<String> getDeny() {
		return this.deny;
	}

	public void setDeny(List<String> deny) {
		this.deny = deny;
	}

	public Prefork getPrefork() {
		return this.prefork;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public Signals getSignals() {
		return this.signals;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * The worker pool of prefork mode.
	 */
	public static class Prefork {

		/**
		 * Workers started up front and never retired (Net::Waiter's PREFORK); at least 1.
		 */
		private int min = 4;

		/**
		 * Most workers the pool grows to (Net::Waiter's MAXFORK in prefork mode).
		 */
		private int max = 1024;

		/**
		 * Time a worker may wait without a client before it retires, above min
		 * (Net::Waiter's PX_IDLE).
		 */
		private Duration idleTimeout = Duration.ofSeconds(31);

		public int getMin() {
			return this.min;
		}

		public void setMin(int min) {
			this.min = min;
		}

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			this.max = max;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * The threads that serve clients.
	 */
	public static class Threads {

		/**
		 * Whether to serve clients on virtual threads when the JVM has them (21+);
		 * defaults to spring.threads.virtual.enabled.
		 */
		private @Nullable Boolean virtual;

		public @Nullable Boolean getVirtual() {
			return this.virtual;
		}

		public void setVirtual(@Nullable Boolean virtual) {
			this.virtual = virtual;
		}

	}

	/**
	 * Delivery of HUP, USR1 and USR2.
	 */
	public static class Signals {

		/**
		 * Whether to install handlers for the operating system's HUP, USR1 and USR2 where
		 * the JVM lets a program handle them.
		 */
		private boolean os;

		/**
		 * Whether USR1 and USR2 sent to the server also reach every live connection
		 * (Net::Waiter's PROP_SIGUSR).
		 */
		private boolean propagate;

		public boolean isOs() {
			return this.os;
		}

		public void setOs(boolean os) {
			this.os = os;
		}

		public boolean isPropagate() {
			return this.propagate;
		}

		public void setPropagate(boolean propagate) {
			this.propagate = propagate;
		}

	}

	/**
	 * TLS (Net::Waiter's SSL option): a Spring Boot SSL bundle by name, or PEM shortcuts.
	 */
	public static class Ssl {

		/**
		 * Whether to serve clients over TLS; when unset, TLS is on if a bundle or a
		 * certificate is set.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.pem.* or spring.ssl.bundle.jks.*) to
		 * use; with reload-on-update a replaced certificate applies to the next connection.
		 */
		private @Nullable String bundle;

		/**
		 * Server certificate chain in PEM (SSL_cert_file): a file: or classpath: location,
		 * or the PEM text itself.
		 */
		private @Nullable String certificate;

		/**
		 * Private key of the certificate in PEM (SSL_key_file): a location or the PEM text.
		 */
		private @Nullable String certificatePrivateKey;

		/**
		 * Password of an encrypted private key.
		 */
		private @Nullable String privateKeyPassword;

		/**
		 * Certificates of the issuers whose client certificates are trusted, in PEM
		 * (SSL_ca_file): a location or the PEM text.
		 */
		private @Nullable String trustCertificate;

		/**
		 * Whether clients must show a certificate (SSL_verify_mode): none, want or need.
		 */
		private WaiterClientAuth clientAuth = WaiterClientAuth.NONE;

		/**
		 * TLS protocols to accept.
		 */
		private List<String> protocols = new ArrayList<>(List.of("TLSv1.3", "TLSv1.2"));

		/**
		 * Cipher suites to accept; the JVM's defaults when unset.
		 */
		private @Nullable List<String> ciphers;

		/**
		 * Longest wait for each read of the TLS handshake; a silent client is let go after
		 * it.
		 */
		private Duration handshakeTimeout = Duration.ofSeconds(10);

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getCertificatePrivateKey() {
			return this.certificatePrivateKey;
		}

		public void setCertificatePrivateKey(@Nullable String certificatePrivateKey) {
			this.certificatePrivateKey = certificatePrivateKey;
		}

		public @Nullable String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public @Nullable String getTrustCertificate() {
			return this.trustCertificate;
		}

		public void setTrustCertificate(@Nullable String trustCertificate) {
			this.trustCertificate = trustCertificate;
		}

		public WaiterClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(WaiterClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public List<String> getProtocols() {
			return this.protocols;
		}

		public void setProtocols(List<String> protocols) {
			this.protocols = protocols;
		}

		public @Nullable List<String> getCiphers() {
			return this.ciphers;
		}

		public void setCiphers(@Nullable List<String> ciphers) {
			this.ciphers = ciphers;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		/**
		 * Whether TLS is on: enabled explicitly, or a bundle or certificate set.
		 * @return true when clients are served over TLS
		 */
		boolean isActive() {
			return (this.enabled != null) ? this.enabled : (this.bundle != null || this.certificate != null);
		}

	}

}
