package dev.waiter.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import javax.net.ssl.SSLSocket;

import dev.waiter.Waiter;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestCertificates;
import dev.waiter.support.TlsContexts;
import dev.waiter.support.TestCertificates.Issued;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client may not renegotiate TLS 1.2: each new handshake would cost the server a key
 * exchange and a signature for a few bytes of the client's, a denial-of-service lever. The
 * handler echoes lines until the client closes, so a connection that survives a
 * renegotiation shows it by echoing the next line.
 */
class TlsRenegotiationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final TestCertificates authority = TestCertificates.newAuthority("waiter renegotiation CA");

	private static final Issued server = authority.issue("127.0.0.1");

	@TempDir
	static Path directory;

	private ApplicationContextRunner tls() {
		return TlsContexts.withPemFiles(server, directory);
	}

	private static void echoLines(WaiterConnection connection) throws IOException {
		for (String line; (line = connection.readLine(1024)) != null;) {
			connection.writer().println("echo:" + line);
		}
	}

	@Test
	void aTls12ClientAskingForRenegotiationLosesTheConnectionWithoutASecondHandshake() {
		tls().run((context) -> {
			context.getBean(TestHandler.class).set(TlsRenegotiationTests::echoLines);
			try (SClient client = SClient.connect(context.getBean(Waiter.class).getPort(), "-tls1_2")) {
				client.type("one");
				assertThat(client.awaitLine("echo:one", WAIT)).as(client::output).isTrue();
				client.type("R");
				assertThat(client.awaitLine("RENEGOTIATING", WAIT)).as(client::output).isTrue();
				client.type("two");
				assertThat(client.awaitLine("echo:two", WAIT)).as(client::output).isFalse();
				assertThat(client.awaitEnd(WAIT)).as(client::output).isTrue();
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getError()).as("the server refused the new session")
				.hasStackTraceContaining("no new session is allowed");
		});
	}

	@Test
	void anAbbreviatedTls12RenegotiationThatResumesTheSessionEndsTheConnectionToo() {
		tls().run((context) -> {
			context.getBean(TestHandler.class).set(TlsRenegotiationTests::echoLines);
			try (SSLSocket socket = tls12(context.getBean(Waiter.class).getPort())) {
				OutputStream out = socket.getOutputStream();
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
				out.write("one\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(reader.readLine()).isEqualTo("echo:one");
				byte[] firstSession = socket.getSession().getId();
				socket.startHandshake();
				assertThat(socket.getSession().getId()).as("the JDK client resumes: an abbreviated handshake")
					.isEqualTo(firstSession);
				assertThat(serverCloses(socket, reader)).as("the server ends the connection").isTrue();
			}
		});
	}

	/**
	 * Whether the server ends the connection after the renegotiation: it does so from the
	 * JDK's own notification thread, so a line sent at once may still be echoed first.
	 */
	private static boolean serverCloses(SSLSocket socket, BufferedReader reader) {
		try {
			socket.getOutputStream().write("two\n".getBytes(StandardCharsets.US_ASCII));
			String line = reader.readLine();
			return line == null || (line.equals("echo:two") && reader.readLine() == null);
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Test
	void tls13KeyUpdatesStillWorkOnAConnectionThatMayNotRenegotiate() {
		tls().run((context) -> {
			context.getBean(TestHandler.class).set(TlsRenegotiationTests::echoLines);
			try (SClient client = SClient.connect(context.getBean(Waiter.class).getPort(), "-tls1_3")) {
				client.type("one");
				assertThat(client.awaitLine("echo:one", WAIT)).as(client::output).isTrue();
				client.type("K");
				assertThat(client.awaitLine("KEYUPDATE", WAIT)).as(client::output).isTrue();
				client.type("two");
				assertThat(client.awaitLine("echo:two", WAIT)).as(client::output).isTrue();
			}
		});
	}

	private static SSLSocket tls12(int port) throws IOException {
		SSLSocket socket = (SSLSocket) authority.clientContext().getSocketFactory().createSocket();
		socket.setEnabledProtocols(new String[] { "TLSv1.2" });
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
		socket.setSoTimeout(Clients.TIMEOUT_MILLIS);
		socket.startHandshake();
		assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
		assertThat(Arrays.asList(socket.getEnabledProtocols())).containsExactly("TLSv1.2");
		return socket;
	}

}
