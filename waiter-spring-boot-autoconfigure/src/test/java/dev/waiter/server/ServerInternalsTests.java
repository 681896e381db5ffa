package dev.waiter.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.WaiterOutcome;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MarkerIgnoringBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The small pieces the stop, the TLS deadline and the accept loop rely on, each driven
 * into the interleaving that used to go wrong.
 */
class ServerInternalsTests {

	@Test
	void aConnectionAcceptedAfterTheStopClosedAdmissionIsRefusedAndOneAdmittedBeforeIsClosedWithTheRest()
			throws IOException {
		ConnectionRegistry registry = new ConnectionRegistry();
		try (ServerSocket listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				Socket first = connect(listen); Socket late = connect(listen)) {
			SocketConnection before = new SocketConnection(1, listen.accept(), StandardCharsets.UTF_8, dev.waiter.frame.Framing.lf(100), registry, false);
			SocketConnection after = new SocketConnection(2, listen.accept(), StandardCharsets.UTF_8, dev.waiter.frame.Framing.lf(100), registry, false);
			assertThat(registry.tryAdd(before, 10)).isEqualTo(ConnectionRegistry.Admission.ADMITTED);
			registry.closeAdmission();
			assertThat(registry.tryAdd(after, 10)).isEqualTo(ConnectionRegistry.Admission.STOPPING);
			registry.closeAll(WaiterOutcome.SHUTDOWN);
			assertThat(before.isOpen()).isFalse();
			assertThat(before.closedBy()).isEqualTo(WaiterOutcome.SHUTDOWN);
			assertThat(registry.size()).isEqualTo(1);
			after.abort();
		}
	}

	@Test
	void aHandshakeDeadlineThatFiresAfterTheHandshakeSucceededNeitherClosesNorExpires() {
		AtomicInteger closes = new AtomicInteger();
		HandshakeDeadline deadline = new HandshakeDeadline(closes::incrementAndGet);
		assertThat(deadline.complete()).isTrue();
		assertThat(deadline.expire()).isFalse();
		assertThat(deadline.complete()).isTrue();
		assertThat(closes).hasValue(0);
	}

	@Test
	void aHandshakeThatEndsAfterItsDeadlineFiredIsReportedAsExpired() {
		AtomicInteger closes = new AtomicInteger();
		HandshakeDeadline deadline = new HandshakeDeadline(closes::incrementAndGet);
		assertThat(deadline.expire()).isTrue();
		assertThat(deadline.complete()).isFalse();
		assertThat(closes).hasValue(1);
	}

	@Test
	void acceptErrorsAreLoggedOncePerIntervalWithTheCountOfThoseLeftOut() {
		List<String> lines = new ArrayList<>();
		AtomicLong now = new AtomicLong(1_000);
		AcceptErrorLog log = new AcceptErrorLog(new ListLogger(lines), Duration.ofSeconds(10), now::get);
		IOException error = new IOException("Too many open files");
		assertThat(log.log(error)).isTrue();
		for (int i = 0; i < 200; i++) {
			now.addAndGet(Duration.ofMillis(45).toNanos());
			log.log(error);
		}
		assertThat(lines).hasSize(1);
		now.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(log.log(error)).isTrue();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).contains("Too many open files").contains("200 more accept errors");
	}

	@Test
	void aTimeoutSweepsFourTimesPerTimeoutBetweenTenMillisecondsAndOneSecond() {
		assertThat(IoTimeouts.interval(Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(10));
		assertThat(IoTimeouts.interval(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(100));
		assertThat(IoTimeouts.interval(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aClockIsOverdueOnlyWhileACallIsBlockedPastTheTimeout() {
		IoClock clock = new IoClock();
		long timeout = Duration.ofMillis(100).toNanos();
		assertThat(clock.isOverdue(System.nanoTime() + 2 * timeout, timeout)).isFalse();
		clock.begin();
		assertThat(clock.isOverdue(System.nanoTime(), timeout)).isFalse();
		assertThat(clock.isOverdue(System.nanoTime() + 2 * timeout, timeout)).isTrue();
		clock.end();
		assertThat(clock.isOverdue(System.nanoTime() + 2 * timeout, timeout)).isFalse();
	}

	@Test
	void aConnectionWhoseCloseFailsDoesNotStopTheTimeoutSweepsForTheOtherConnections() throws IOException {
		ConnectionRegistry registry = new ConnectionRegistry();
		IoTimeouts timeouts = new IoTimeouts(registry, Duration.ofMillis(40), null);
		try (ServerSocket listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				CloseFailingSocket failing = new CloseFailingSocket(); Socket normal = connect(listen)) {
			failing.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getLocalPort()), 10_000);
			SocketConnection broken = new SocketConnection(1, failing, StandardCharsets.UTF_8,
					dev.waiter.frame.Framing.lf(100), registry, true);
			registry.tryAdd(broken, 10);
			broken.readState().clock().begin();
			timeouts.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> failing.closeAttempts.get() > 0);
				SocketConnection later = new SocketConnection(2, normal, StandardCharsets.UTF_8,
						dev.waiter.frame.Framing.lf(100), registry, true);
				registry.tryAdd(later, 10);
				later.readState().clock().begin();
				await().atMost(Duration.ofSeconds(10)).until(() -> !later.isOpen());
				assertThat(later.closedBy()).isEqualTo(WaiterOutcome.TIMEOUT);
			}
			finally {
				timeouts.stop();
				failing.failing = false;
			}
		}
	}

	/** A socket whose close throws, as a broken socket implementation's might. */
	private static final class CloseFailingSocket extends Socket {

		final AtomicInteger closeAttempts = new AtomicInteger();

		volatile boolean failing = true;

		@Override
		public synchronized void close() throws IOException {
			if (this.failing) {
				this.closeAttempts.incrementAndGet();
				throw new IllegalStateException("close failed");
			}
			super.close();
		}

	}

	@Test
	void aRunsSettingsSnapshotRefusesChangesWhileTheSettingsStayChangeable() {
		WaiterServerSettings settings = new WaiterServerSettings().setPort(1234);
		WaiterServerSettings snapshot = settings.snapshot();
		settings.setPort(4321);
		assertThat(snapshot.getPort()).isEqualTo(1234);
		assertThat(snapshot.isSnapshot()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> snapshot.setPort(1));
	}

	private static Socket connect(ServerSocket listen) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getLocalPort()), 10_000);
		return socket;
	}

	/** Keeps WARN lines, formatted. */
	private static final class ListLogger extends MarkerIgnoringBase {

		private final List<String> lines;

		ListLogger(List<String> lines) {
			this.lines = lines;
			this.name = "test";
		}

		@Override
		public void warn(String format, Object arg) {
			this.lines.add(org.slf4j.helpers.MessageFormatter.format(format, arg).getMessage());
		}

		@Override
		public void warn(String format, Object... arguments) {
			this.lines.add(org.slf4j.helpers.MessageFormatter.arrayFormat(format, arguments).getMessage());
		}

		// @formatter:off
		@Override public boolean isTraceEnabled() { return false; }
		@Override public void trace(String msg) { }
		@Override public void trace(String format, Object arg) { }
		@Override public void trace(String format, Object arg1, Object arg2) { }
		@Override public void trace(String format, Object... arguments) { }
		@Override public void trace(String msg, Throwable t) { }
		@Override public boolean isDebugEnabled() { return false; }
		@Override public void debug(String msg) { }
		@Override public void debug(String format, Object arg) { }
		@Override public void debug(String format, Object arg1, Object arg2) { }
		@Override public void debug(String format, Object... arguments) { }
		@Override public void debug(String msg, Throwable t) { }
		@Override public boolean isInfoEnabled() { return false; }
		@Override public void info(String msg) { }
		@Override public void info(String format, Object arg) { }
		@Override public void info(String format, Object arg1, Object arg2) { }
		@Override public void info(String format, Object... arguments) { }
		@Override public void info(String msg, Throwable t) { }
		@Override public boolean isWarnEnabled() { return true; }
		@Override public void warn(String msg) { this.lines.add(msg); }
		@Override public void warn(String format, Object arg1, Object arg2) { warn(format, new Object[] { arg1, arg2 }); }
		@Override public void warn(String msg, Throwable t) { this.lines.add(msg); }
		@Override public boolean isErrorEnabled() { return false; }
		@Override public void error(String msg) { }
		@Override public void error(String format, Object arg) { }
		@Override public void error(String format, Object arg1, Object arg2) { }
		@Override public void error(String format, Object... arguments) { }
		@Override public void error(String msg, Throwable t) { }
		// @formatter:on

	}

	@Test
	void theStartUpLineNamesThePerPeerCapThePROXYProtocolPortSharingAndProcessOnInput() {
		WaiterServerSettings settings = new WaiterServerSettings().setMaxConnectionsPerPeer(8)
			.setReusePort(true)
			.setProcessOnInput(true)
			.setProxyProtocol(new WaiterProxyProtocol(java.util.List.of(CidrBlock.parse("10.0.0.0/8")),
					java.time.Duration.ofSeconds(3)));
		assertThat(StartupSummary.of(settings, false)).contains("max-connections-per-peer 8")
			.contains("PROXY protocol from [10.0.0.0/8] within 3000ms")
			.contains("reuse-port")
			.contains("process on input");
		assertThat(StartupSummary.of(new WaiterServerSettings(), false)).doesNotContain("PROXY")
			.doesNotContain("reuse-port")
			.doesNotContain("process on input")
			.doesNotContain("per-peer");
	}

}
