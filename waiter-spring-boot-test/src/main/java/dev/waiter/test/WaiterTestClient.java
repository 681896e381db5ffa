package dev.waiter.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.SSLSocket;

import dev.waiter.frame.Framing;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * A client for testing a waiter server: connects to {@code 127.0.0.1} (plain, or TLS
 * trusting a given bundle or context), sends lines, bytes and frames, reads and checks the
 * replies, and fails with an {@link AssertionError} that says what was expected when a
 * reply is wrong or does not come within the timeout (10 s unless set). Closes itself
 * with try-with-resources. One client per thread.
 *
 * <pre>{@code
 * try (WaiterTestClient client = WaiterTestClient.connect(port)) {
 *     client.sendLine("PING").expectLine("PONG");
 * }
 * }</pre>
 */
public final class WaiterTestClient implements AutoCloseable {

	/** The default timeout of connecting and of each read. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_LINE = 1024 * 1024;

	private final Socket socket;

	private final ClientStreams.Input in;

	private final ClientStreams.Output out;

	private WaiterTestClient(Socket socket, Charset charset) throws IOException {
		this.socket = socket;
		this.in = new ClientStreams.Input(socket.getInputStream(), charset);
		this.out = new ClientStreams.Output(socket.getOutputStream(), charset);
	}

	/**
	 * Connects to a plain server on 127.0.0.1.
	 * @param port the server's port ({@code @LocalWaiterPort})
	 * @return the client
	 */
	public static WaiterTestClient connect(int port) {
		return open(port, null);
	}

	/**
	 * Connects over TLS, trusting the bundle's trust store (or, with none, its key store:
	 * the server's own certificate).
	 * @param port the server's port
	 * @param bundle the SSL bundle to trust, such as the server's own
	 * @return the client, handshake done
	 */
	public static WaiterTestClient connectTls(int port, SslBundle bundle) {
		KeyStore trusted = bundle.getStores().getTrustStore();
		if (trusted != null) {
			return open(port, bundle.createSslContext());
		}
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(bundle.getStores().getKeyStore());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return open(port, context);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot trust the bundle's certificate: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Connects over TLS with the given context.
	 * @param port the server's port
	 * @param context the client's TLS context
	 * @return the client, handshake done
	 */
	public static WaiterTestClient connectTls(int port, SSLContext context) {
		return open(port, context);
	}

	/**
	 * Connects as a load balancer would for a client at {@code client}: a PROXY protocol
	 * version 1 header first ({@code waiter.proxy-protocol.enabled=true}, with 127.0.0.1
	 * among {@code waiter.proxy-protocol.trusted-proxies}).
	 * @param port the server's port
	 * @param client the client address the header names
	 * @return the client, header sent
	 */
	public static WaiterTestClient connectBehindProxy(int port, InetSocketAddress client) {
		String family = (client.getAddress() instanceof Inet6Address) ? "TCP6" : "TCP4";
		String destination = (client.getAddress() instanceof Inet6Address) ? "::1" : "127.0.0.1";
		String header = "PROXY " + family + " " + client.getAddress().getHostAddress() + " " + destination + " "
				+ client.getPort() + " " + port + "\r\n";
		return open(port, null, header.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The same with a PROXY protocol version 2 header, with TLVs such as
	 * {@code dev.waiter.ProxyHeader.PP2_TYPE_AUTHORITY}.
	 * @param port the server's port
	 * @param client the client address the header names
	 * @param tlvs the TLVs by type, in order
	 * @return the client, header sent
	 */
	public static WaiterTestClient connectBehindProxyV2(int port, InetSocketAddress client, Map<Integer, byte[]> tlvs) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		boolean v6 = client.getAddress() instanceof Inet6Address;
		byte[] loopback = v6 ? new byte[16] : new byte[] { 127, 0, 0, 1 };
		loopback[loopback.length - 1] = 1;
		body.writeBytes(client.getAddress().getAddress());
		body.writeBytes(loopback);
		writeShort(body, client.getPort());
		writeShort(body, port);
		tlvs.forEach((type, value) -> {
			body.write(type);
			writeShort(body, value.length);
			body.writeBytes(value);
		});
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.writeBytes(new byte[] { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21 });
		header.write(v6 ? 0x21 : 0x11);
		writeShort(header, body.size());
		header.writeBytes(body.toByteArray());
		return open(port, null, header.toByteArray());
	}

	private static void writeShort(ByteArrayOutputStream out, int value) {
		out.write(value >>> 8);
		out.write(value);
	}

	private static WaiterTestClient open(int port, @Nullable SSLContext tls) {
		return open(port, tls, null);
	}

	private static WaiterTestClient open(int port, @Nullable SSLContext tls, byte @Nullable [] proxyHeader) {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) DEFAULT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
			socket.setTcpNoDelay(true);
			if (proxyHeader != null) {
				socket.getOutputStream().write(proxyHeader);
			}
			if (tls != null) {
				SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
				secure.setUseClientMode(true);
				secure.startHandshake();
				socket = secure;
			}
			return new WaiterTestClient(socket, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new AssertionError("Could not connect to 127.0.0.1:" + port + ": " + ex, ex);
		}
	}

	/**
	 * Sets how long each read waits.
	 * @param timeout the read timeout
	 * @return this client
	 */
	public WaiterTestClient timeout(Duration timeout) {
		try {
			this.socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/**
	 * Sends a line ended by {@code \n}.
	 * @param line the line, without terminator
	 * @return this client
	 */
	public WaiterTestClient sendLine(String line) {
		return send(line + "\n");
	}

	/**
	 * Sends text in UTF-8, as it is.
	 * @param text the text
	 * @return this client
	 */
	public WaiterTestClient send(String text) {
		return send(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends bytes.
	 * @param bytes the bytes
	 * @return this client
	 */
	public WaiterTestClient send(byte[] bytes) {
		return io(() -> {
			this.out.write(bytes);
			this.out.flush();
			return this;
		});
	}

	/**
	 * Sends one frame with the given framing.
	 * @param framing the server's framing
	 * @param payload the payload
	 * @return this client
	 */
	public WaiterTestClient sendFrame(Framing framing, byte[] payload) {
		return io(() -> {
			framing.write(this.out, payload, 0, payload.length);
			this.out.flush();
			return this;
		});
	}

	/**
	 * Reads a line ({@code \n} or {@code \r\n}).
	 * @return the line, or {@code null} if the server closed first
	 */
	public @Nullable String readLine() {
		return io(() -> this.in.readLine(MAX_LINE));
	}

	/**
	 * Reads exactly {@code length} bytes.
	 * @param length how many
	 * @return the bytes
	 */
	public byte[] readBytes(int length) {
		return io(() -> this.in.readBytes(length));
	}

	/**
	 * Reads one frame with the given framing.
	 * @param framing the server's framing
	 * @return the payload, or {@code null} if the server closed between frames
	 */
	public byte @Nullable [] readFrame(Framing framing) {
		return io(() -> framing.read(this.in));
	}

	/**
	 * Reads everything until the server closes, as UTF-8.
	 * @return the text
	 */
	public String readAll() {
		return io(() -> new String(this.in.readAllBytes(), StandardCharsets.UTF_8));
	}

	/**
	 * Reads a line and checks it.
	 * @param expected the line expected
	 * @return this client
	 */
	public WaiterTestClient expectLine(String expected) {
		String line = readLine();
		if (!expected.equals(line)) {
			throw new AssertionError("Expected the line \"" + expected + "\" but got "
					+ ((line != null) ? "\"" + line + "\"" : "the end of the stream"));
		}
		return this;
	}

	/**
	 * Reads a frame and checks its payload.
	 * @param framing the server's framing
	 * @param expected the payload expected
	 * @return this client
	 */
	public WaiterTestClient expectFrame(Framing framing, byte[] expected) {
		byte[] frame = readFrame(framing);
		if (!Arrays.equals(expected, frame)) {
			throw new AssertionError("Expected the frame " + Arrays.toString(expected) + " but got "
					+ ((frame != null) ? Arrays.toString(frame) : "the end of the stream"));
		}
		return this;
	}

	/**
	 * Checks that the server closes the connection (end of stream, or a reset) within the
	 * timeout without sending anything more.
	 * @throws AssertionError if the server sends a byte, or the connection stays open for
	 * the timeout
	 */
	public void expectClosed() {
		int b;
		try {
			b = this.in.read();
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("Expected the server to close the connection, but it stayed open", ex);
		}
		catch (IOException ex) {
			return;
		}
		if (b >= 0) {
			throw new AssertionError("Expected the server to close the connection, but it sent byte " + b);
		}
	}

	/**
	 * Closes the client's sending side and keeps reading: the server reads the end of the
	 * stream and may still reply. Over TLS the client sends close_notify first. On TLS 1.3
	 * that is a half-close like TCP's; on TLS 1.2, which has none, the server's JDK answers
	 * with its own close_notify at once, whatever its handler does, so the client reads the
	 * end of the stream next and {@link #expectClosed()} passes even while the handler
	 * still holds the connection.
	 * @return this client
	 */
	public WaiterTestClient shutdownOutput() {
		return io(() -> {
			this.out.flush();
			this.socket.shutdownOutput();
			return this;
		});
	}

	/**
	 * The socket, for what this client does not cover.
	 * @return the socket
	 */
	public Socket socket() {
		return this.socket;
	}

	@Override
	public void close() {
		closeQuietly(this.socket);
	}

	private <T> T io(IoCall<T> call) {
		try {
			return call.call();
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("No reply from the server within the timeout", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// a test client going away
		}
	}

	@FunctionalInterface
	private interface IoCall<T> {

		T call() throws IOException;

	}

}
