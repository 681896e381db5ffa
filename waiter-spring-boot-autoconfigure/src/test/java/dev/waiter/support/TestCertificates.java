package dev.waiter.support;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates for the TLS tests: a CA, a server certificate for 127.0.0.1 and
 * localhost, and client certificates, all made in memory and written as PEM to a
 * temporary directory. Nothing here is committed.
 */
public final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final KeyPair caKeys;

	private final X509Certificate ca;

	private TestCertificates(KeyPair caKeys, X509Certificate ca) {
		this.caKeys = caKeys;
		this.ca = ca;
	}

	public static TestCertificates newAuthority(String name) {
		KeyPair keys = keyPair();
		return new TestCertificates(keys, sign(keys, "CN=" + name, keys, null, true));
	}

	public X509Certificate authority() {
		return this.ca;
	}

	public Issued issue(String commonName) {
		KeyPair keys = keyPair();
		return new Issued(sign(keys, "CN=" + commonName, this.caKeys, this.ca, false), keys.getPrivate(), this.ca);
	}

	/** A certificate with its key, signed by this authority. */
	public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

		public BigInteger serial() {
			return this.certificate.getSerialNumber();
		}

		public String certificatePem() {
			return pem("CERTIFICATE", encoded(this.certificate));
		}

		public String keyPem() {
			return pem("PRIVATE KEY", this.key.getEncoded());
		}

		public KeyStore keyStore(char[] password) {
			try {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(null, null);
				store.setKeyEntry("waiter", this.key, password, new Certificate[] { this.certificate, this.issuer });
				return store;
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** Writes certificate and key PEM files, replacing what was there in one move each. */
		public void writePem(Path certificateFile, Path keyFile) throws IOException {
			replace(certificateFile, certificatePem());
			replace(keyFile, keyPem());
		}

		public void writeKeyStore(Path file, char[] password) throws IOException {
			try (OutputStream out = Files.newOutputStream(file)) {
				keyStore(password).store(out, password);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	public String authorityPem() {
		return pem("CERTIFICATE", encoded(this.ca));
	}

	/** A TLS client that trusts this authority, optionally showing a client certificate. */
	public SSLContext clientContext(Issued clientCertificate) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", this.ca);
			TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			KeyManagerFactory keyManagers = null;
			if (clientCertificate != null) {
				char[] password = "client".toCharArray();
				keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keyManagers.init(clientCertificate.keyStore(password), password);
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
					null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public SSLContext clientContext() {
		return clientContext(null);
	}

	/** Connects, handshakes and returns a TLS client socket on loopback. */
	public static SSLSocket connect(SSLContext context, int port) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
		socket.setSoTimeout(Clients.TIMEOUT_MILLIS);
		socket.startHandshake();
		return socket;
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(256);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate sign(KeyPair subjectKeys, String subject, KeyPair issuerKeys,
			X509Certificate issuer, boolean authority) {
		try {
			Instant now = Instant.now();
			X500Name issuerName = (issuer != null) ? new X500Name(issuer.getSubjectX500Principal().getName())
					: new X500Name(subject);
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
					BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (!authority) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
								new GeneralName(GeneralName.dNSName, "localhost") }));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	static void replace(Path file, String content) throws IOException {
		Path temporary = Files.createTempFile(file.getParent(), ".swap", ".pem");
		Files.writeString(temporary, content, StandardCharsets.US_ASCII);
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}


}
