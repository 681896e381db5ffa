package dev.waiter.server.timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.waiter.WaiterOutcome;
import dev.waiter.frame.Framing;
import dev.waiter.server.connection.SocketConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run's timeout sweeper: how often it sweeps, and that one connection whose close
 * fails does not end the sweeps for the others. The sweeper walks the connections it is
 * given (the run's registry, here a list), each with a read in progress.
 */
class IoTimeoutsTests {

	@Test
	void aTimeoutSweepsFourTimesPerTimeoutBetweenTenMillisecondsAndOneSecond() {
		assertThat(IoTimeouts.interval(Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(10));
		assertThat(IoTimeouts.interval(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(100));
		assertThat(IoTimeouts.interval(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aConnectionWhoseCloseFailsDoesNotStopTheTimeoutSweepsForTheOtherConnections() throws IOException {
		List<SocketConnection> live = new CopyOnWriteArrayList<>();
		IoTimeouts timeouts = new IoTimeouts(live::forEach, Duration.ofMillis(40), null);
		try (ServerSocket listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				CloseFailingSocket failing = new CloseFailingSocket(); Socket normal = connect(listen)) {
			failing.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getLocalPort()), 10_000);
			SocketConnection broken = new SocketConnection(1, failing, StandardCharsets.UTF_8,
					Framing.lf(100), () -> false, true);
			live.add(broken);
			broken.readState().readStarting();
			timeouts.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> failing.closeAttempts.get() > 0);
				SocketConnection later = new SocketConnection(2, normal, StandardCharsets.UTF_8,
						Framing.lf(100), () -> false, true);
				live.add(later);
				later.readState().readStarting();
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

	private static Socket connect(ServerSocket listen) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getLocalPort()), 10_000);
		return socket;
	}

}
