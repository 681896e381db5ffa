package dev.waiter.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.waiter.server.threads.WorkerThreads;
import dev.waiter.support.Clients;
import dev.waiter.server.transport.InheritedSocket;
import dev.waiter.server.transport.WaiterSocketActivationException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The socket a server inherits on standard input, lent to one run at a time: tested on a
 * listening channel this test opens in its place, as a server's runs use it.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InheritedSocketTests {

	private final ServerSocketChannel channel;

	private final InheritedSocket inherited;

	InheritedSocketTests() throws IOException {
		this.channel = ServerSocketChannel.open();
		this.channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		this.inherited = new InheritedSocket(() -> this.channel);
	}

	@AfterEach
	void closeChannel() throws IOException {
		this.channel.close();
	}

	@Test
	void closingARunsViewWakesItsWaitingAcceptAndLeavesTheSocketListeningForTheNextRun() throws Exception {
		ServerSocket first = this.inherited.open("default", Duration.ZERO);
		int port = first.getLocalPort();
		assertThat(port).isEqualTo(((InetSocketAddress) this.channel.getLocalAddress()).getPort());
		AtomicReference<Throwable> acceptEnded = new AtomicReference<>();
		CountDownLatch ended = new CountDownLatch(1);
		Thread acceptor = new Thread(() -> {
			try {
				first.accept().close();
			}
			catch (Throwable ex) {
				acceptEnded.set(ex);
			}
			ended.countDown();
		}, "test-acceptor");
		acceptor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> waitsInSelect(acceptor));
		first.close();
		assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(acceptEnded.get()).isInstanceOf(SocketException.class).hasMessage("Socket is closed");
		assertThat(first.isClosed()).isTrue();
		assertThat(this.channel.isOpen()).isTrue();
		try (Socket queued = new Socket()) {
			queued.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), Clients.TIMEOUT_MILLIS);
			queued.setSoTimeout(Clients.TIMEOUT_MILLIS);
			queued.getOutputStream().write("queued\n".getBytes(StandardCharsets.US_ASCII));
			ServerSocket second = this.inherited.open("default", Duration.ofSeconds(10));
			try (Socket served = second.accept()) {
				assertThat(read(served.getInputStream(), 7)).isEqualTo("queued\n");
			}
			finally {
				second.close();
			}
		}
	}

	@Test
	void anAcceptWithoutAClientTimesOutAfterTheAcceptTimeout() throws Exception {
		ServerSocket view = this.inherited.open("default", Duration.ofMillis(100));
		try {
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(view::accept);
			assertThat(view.isClosed()).isFalse();
		}
		finally {
			view.close();
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void whetherHandedOverBlockingOrNotTheViewWaitsInItsSelectorAndItsClientsBlockWithTheirTimeout(boolean blocking)
			throws Exception {
		this.channel.configureBlocking(blocking);
		ServerSocket view = this.inherited.open("default", Duration.ofSeconds(10));
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), view.getLocalPort());
				Socket accepted = view.accept()) {
			assertThat(this.channel.isBlocking()).as("the listening channel, behind the view's selector").isFalse();
			assertThat(accepted.getChannel().isBlocking()).as("the accepted client's channel").isTrue();
			accepted.setSoTimeout(100);
			InputStream input = accepted.getInputStream();
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(input::read);
			client.getOutputStream().write('x');
			accepted.setSoTimeout(0);
			assertThat(input.read()).as("a blocking read after the timeout").isEqualTo('x');
			client.close();
		}
		finally {
			view.close();
		}
	}

	@Test
	void aSecondServerCannotTakeTheSocketWhileTheFirstServesItButCanOnceItStopped() {
		ServerSocket first = this.inherited.open("default", Duration.ZERO);
		assertThatExceptionOfType(WaiterSocketActivationException.class)
			.isThrownBy(() -> this.inherited.open("admin", Duration.ZERO))
			.withMessageContaining("waiter.socket-activation=true")
			.withMessageContaining("server 'default' serves it already");
		ListenSocket.closeQuietly(first);
		ServerSocket second = this.inherited.open("admin", Duration.ZERO);
		assertThat(second.isClosed()).isFalse();
		ListenSocket.closeQuietly(second);
	}

	@Test
	void severalThreadsAcceptingInTurnOnPlatformAndVirtualThreadsEachServeEveryClientOnce() throws Exception {
		for (boolean virtual : new boolean[] { false, true }) {
			ServerSocket view = this.inherited.open("default", Duration.ofMillis(50));
			WorkerThreads threads = new WorkerThreads(virtual);
			Set<String> served = ConcurrentHashMap.newKeySet();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			CountDownLatch acceptorsEnded = new CountDownLatch(4);
			for (int i = 0; i < 4; i++) {
				threads.start("test-acceptor-" + i, () -> acceptUntilClosed(view, served, failures, acceptorsEnded));
			}
			for (int client = 0; client < 40; client++) {
				String line = (virtual ? "virtual-" : "platform-") + client + "\n";
				try (Socket socket = Clients.connect(view.getLocalPort())) {
					socket.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
					assertThat(read(socket.getInputStream(), 2)).isEqualTo("ok");
				}
			}
			view.close();
			assertThat(acceptorsEnded.await(10, TimeUnit.SECONDS)).isTrue();
			threads.shutdown();
			assertThat(failures).isEmpty();
			assertThat(served).hasSize(40);
		}
	}

	private static void acceptUntilClosed(ServerSocket view, Set<String> served, List<Throwable> failures,
			CountDownLatch ended) {
		try {
			while (!view.isClosed()) {
				try (Socket client = view.accept()) {
					client.setSoTimeout(Clients.TIMEOUT_MILLIS);
					InputStream in = client.getInputStream();
					StringBuilder line = new StringBuilder();
					for (int b = in.read(); b != '\n' && b >= 0; b = in.read()) {
						line.append((char) b);
					}
					if (!served.add(line.toString())) {
						failures.add(new IllegalStateException("served twice: " + line));
					}
					OutputStream out = client.getOutputStream();
					out.write("ok".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (SocketTimeoutException ex) {
					// idle: try again
				}
			}
		}
		catch (IOException ex) {
			if (!view.isClosed()) {
				failures.add(ex);
			}
		}
		finally {
			ended.countDown();
		}
	}

	@Test
	void withoutAListeningTcpSocketOnStandardInputTheMessageSaysWhatIsThere() throws Exception {
		assertThatExceptionOfType(WaiterSocketActivationException.class)
			.isThrownBy(() -> new InheritedSocket(() -> null).open("default", Duration.ZERO))
			.withMessage("Waiter could not serve the socket inherited on standard input "
					+ "(waiter.socket-activation=true): standard input is not a socket; start the application "
					+ "with its listening socket there")
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(WaiterBindException.EXIT_CODE));
		try (SocketChannel connected = SocketChannel.open(this.channel.getLocalAddress())) {
			assertThatExceptionOfType(WaiterSocketActivationException.class)
				.isThrownBy(() -> new InheritedSocket(() -> connected).open("default", Duration.ZERO))
				.withMessageContaining("standard input is a connected socket")
				.withMessageContaining("Accept=no");
			assertThat(connected.isOpen()).isTrue();
		}
		Path directory = Files.createTempDirectory("waiter-inherited");
		try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			unix.bind(UnixDomainSocketAddress.of(directory.resolve("listen.sock")));
			assertThatExceptionOfType(WaiterSocketActivationException.class)
				.isThrownBy(() -> new InheritedSocket(() -> unix).open("default", Duration.ZERO))
				.withMessageContaining("not on a TCP address");
		}
		finally {
			Files.deleteIfExists(directory.resolve("listen.sock"));
			Files.delete(directory);
		}
	}

	private static boolean waitsInSelect(Thread thread) {
		return Arrays.stream(thread.getStackTrace()).anyMatch((frame) -> frame.getMethodName().startsWith("select"));
	}

	private static String read(InputStream in, int length) throws IOException {
		return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
	}

}
