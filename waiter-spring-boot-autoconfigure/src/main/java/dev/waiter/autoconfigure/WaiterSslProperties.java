package dev.waiter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.waiter.server.tls.WaiterClientAuth;
import org.jspecify.annotations.Nullable;

/**
 * TLS under {@code waiter.ssl} (Net::Waiter's SSL option): a Spring Boot SSL bundle by
 * name, or PEM shortcuts. Checked and applied by {@link WaiterTlsFactory}.
 */
public class WaiterSslProperties {

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
	 * Certificates by the name a client asks for (SNI): entries of server-name (a host
	 * name, or *.example.com for one label more, case-insensitive) and bundle (an SSL
	 * bundle's name); other clients get the waiter.ssl.bundle or PEM certificate.
	 */
	private List<ServerNameBundle> serverNameBundles = new ArrayList<>();

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
	 * Longest wait for each read of the TLS handshake, and for the whole of it; a silent
	 * client is let go after it. From 1ms to 2147483647ms (about 24.8 days).
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

	public List<ServerNameBundle> getServerNameBundles() {
		return this.serverNameBundles;
	}

	public void setServerNameBundles(List<ServerNameBundle> serverNameBundles) {
		this.serverNameBundles = serverNameBundles;
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
	 * One entry of {@code server-name-bundles}, as Spring Boot's
	 * {@code server.ssl.server-name-bundles}: the SSL bundle whose certificate a client
	 * asking for the server name gets. Either may be missing in the configuration, which
	 * start-up refuses.
	 * @param serverName the host name, or {@code *.} and a host name
	 * @param bundle the name of the SSL bundle ({@code spring.ssl.bundle.*})
	 */
	public record ServerNameBundle(@Nullable String serverName, @Nullable String bundle) {
	}

	/**
	 * Whether TLS is on: enabled explicitly, or a bundle or certificate set.
	 * @return true when clients are served over TLS
	 */
	boolean isActive() {
		return (this.enabled != null) ? this.enabled : (this.bundle != null || this.certificate != null);
	}

}
