package dev.waiter.server.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.waiter.WaiterOutcome;
import dev.waiter.frame.Framing;
import dev.waiter.support.Races;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection's read returning and a stop claiming it as idle race through one
 * compare-and-set: run side by side, round after round, exactly one wins.
 */
class IdleStateRaceTests {

	private static final int ROUNDS = 2_000;

	private ServerSocket listen;

	@BeforeEach
	void listen() throws IOException {
		this.listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void close() throws IOException {
		this.listen.close();
	}

	/** One connection that has read a request, answered it and waits idle for the next. */
	private final class Waiting {

		final Socket client;

		final SocketConnection connection;

		final AtomicBoolean readWon = new AtomicBoolean();

		final AtomicBoolean stopWon = new AtomicBoolean();

		Waiting() {
			try {
				this.client = new Socket();
				this.client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getLocalPort()), 10_000);
				this.connection = new SocketConnection(1, listen.accept(), StandardCharsets.UTF_8, Framing.lf(100),
						() -> false, false);
				this.client.getOutputStream().write('q');
				assertThat(this.connection.in().read()).isEqualTo('q');
				this.connection.out().write('a');
				this.connection.readState().beforeBlockingRead(true);
				assertThat(this.connection.readState().isIdle()).isTrue();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	@Test
	void aReadThatReturnsWhileAStopClaimsTheIdleConnectionEitherKeepsItBusyOrEndsItCleanlyNeverBoth() {
		int[] outcomes = new int[2];
		Races.run(ROUNDS, Waiting::new, List.of((state) -> state.readWon.set(state.connection.readState().readEnded()),
				(state) -> state.stopWon.set(state.connection.readState().tryDrain(System.nanoTime()))), (state) -> {
					try {
						assertThat(state.readWon.get()).as("exactly one wins").isNotEqualTo(state.stopWon.get());
						if (state.stopWon.get()) {
							outcomes[1]++;
							assertThat(state.connection.readState().drained()).isTrue();
							assertThat(state.connection.closedBy()).isEqualTo(WaiterOutcome.SHUTDOWN);
							assertThat(state.client.getInputStream().read()).as("the answer, then the end").isEqualTo('a');
							assertThat(state.client.getInputStream().read()).isEqualTo(-1);
						}
						else {
							outcomes[0]++;
							assertThat(state.connection.readState().drained()).isFalse();
							assertThat(state.connection.closedBy()).isNull();
							assertThat(state.connection.isOpen()).isTrue();
						}
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
					finally {
						state.connection.abort();
						OrderlyClose.closeQuietly(state.client);
					}
				});
		assertThat(outcomes[0]).as("rounds the read won").isPositive();
		assertThat(outcomes[1]).as("rounds the stop won").isPositive();
	}

}
