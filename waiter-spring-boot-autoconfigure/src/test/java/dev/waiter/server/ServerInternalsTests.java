package dev.waiter.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.WaiterOutcome;
import dev.waiter.frame.Framing;
import dev.waiter.server.access.CidrBlock;
import dev.waiter.server.connection.SocketConnection;
import dev.waiter.server.proxy.WaiterProxyProtocol;
import dev.waiter.support.Races;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MarkerIgnoringBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small pieces the stop and the accept loop rely on. A race is run
 * from several threads at once, round after round ({@link Races}), its invariant checked
 * after each round; each order of a race that can be set up on one thread is checked
 * step by step too.
 */
class ServerInternalsTests {

	private static final int ROUNDS = 10_000;

	/**
	 * Two accepting threads add their connections while the stop closes admission and then
	 * every live connection: each connection is either refused (and never closed by the
	 * registry: its acceptor closes it unserved) or admitted and closed by the stop. One
	 * admitted after the stop's close had looked would be served through the whole stop.
	 */
	@Test
	void connectionsAddedWhileTheStopClosesAdmissionAreEachEitherRefusedOrClosedWithTheRest() {
		Set<ConnectionRegistry.Admission> decided = EnumSet.noneOf(ConnectionRegistry.Admission.class);
		Races.run(ROUNDS, AdmissionRace::new,
				List.of((race) -> race.add(0), (race) -> race.add(1), AdmissionRace::stop), (race) -> {
					int admitted = 0;
					for (int i = 0; i < race.connections.length; i++) {
						SocketConnection connection = race.connections[i];
						ConnectionRegistry.Admission admission = race.admissions[i];
						decided.add(admission);
						if (admission == ConnectionRegistry.Admission.ADMITTED) {
							admitted++;
							assertThat(connection.closedBy()).as("admitted connection %d", i)
								.isEqualTo(WaiterOutcome.SHUTDOWN);
							assertThat(connection.isOpen()).as("admitted connection %d open", i).isFalse();
							assertThat(race.registry.get(connection.id())).isSameAs(connection);
						}
						else {
							assertThat(admission).as("connection %d", i).isEqualTo(ConnectionRegistry.Admission.STOPPING);
							assertThat(connection.closedBy()).as("refused connection %d", i).isNull();
							assertThat(connection.isOpen()).as("refused connection %d open", i).isTrue();
							assertThat(race.registry.get(connection.id())).isNull();
						}
					}
					assertThat(race.registry.size()).isEqualTo(admitted);
					assertThat(race.registry.tryAdd(connection(3, race.registry), 10))
						.isEqualTo(ConnectionRegistry.Admission.STOPPING);
				});
		assertThat(decided).as("both sides of the race were run")
			.contains(ConnectionRegistry.Admission.ADMITTED, ConnectionRegistry.Admission.STOPPING);
	}

	/**
	 * Three accepting threads fail at the same instant, fifty times each: one line is
	 * written, and the next interval's line counts every one left out.
	 */
	@Test
	void acceptErrorsFromSeveralAcceptingThreadsAtOnceAreLoggedOnceAndEveryOneLeftOutIsCounted() {
		IOException error = new IOException("Too many open files");
		Races.run(1_000, LogRace::new, List.of((race) -> race.fail(error, 50), (race) -> race.fail(error, 50),
				(race) -> race.fail(error, 50)), (race) -> {
					assertThat(race.written).hasValue(1);
					assertThat(race.lines).hasSize(1);
					race.now.addAndGet(Duration.ofSeconds(11).toNanos());
					assertThat(race.log.log(error)).isTrue();
					assertThat(race.lines).hasSize(2);
					assertThat(race.lines.get(1)).contains("149 more accept errors");
				});
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
	void aRunsSettingsAreTakenAtItsStartAndDoNotFollowLaterChangesToTheServersSettings() {
		WaiterServerSettings settings = new WaiterServerSettings().setPort(1234).setMaxConnectionsPerPeer(3);
		RunSettings run = new RunSettings(settings);
		settings.setPort(4321).setMaxConnectionsPerPeer(5);
		assertThat(run.getPort()).isEqualTo(1234);
		assertThat(run.getMaxConnectionsPerPeer()).isEqualTo(3);
		assertThat(new RunSettings(settings).getPort()).isEqualTo(4321);
	}

	private static SocketConnection connection(long id, ConnectionRegistry registry) {
		return new SocketConnection(id, new Socket(), StandardCharsets.UTF_8, Framing.lf(100),
				registry::isStopping, false);
	}

	/** Two connections, the admissions their acceptors got, and the registry they race the stop on. */
	private static final class AdmissionRace {

		final ConnectionRegistry registry = new ConnectionRegistry();

		final SocketConnection[] connections = { connection(1, this.registry), connection(2, this.registry) };

		/** Each written by its accepting thread; read once the round ended. */
		final ConnectionRegistry.Admission[] admissions = new ConnectionRegistry.Admission[2];

		void add(int index) {
			this.admissions[index] = this.registry.tryAdd(this.connections[index], 10);
		}

		void stop() {
			this.registry.closeAdmission();
			this.registry.closeAll(WaiterOutcome.SHUTDOWN);
		}

	}

	/** One log on a clock that stands still, and how many of its calls wrote a line. */
	private static final class LogRace {

		final List<String> lines = new ArrayList<>();

		final AtomicLong now = new AtomicLong(1_000);

		final AcceptErrorLog log = new AcceptErrorLog(new ListLogger(this.lines), Duration.ofSeconds(10), this.now::get);

		final AtomicInteger written = new AtomicInteger();

		void fail(IOException error, int times) {
			for (int i = 0; i < times; i++) {
				if (this.log.log(error)) {
					this.written.incrementAndGet();
				}
			}
		}

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
			.setMaxConnectionRatePerPeer(20)
			.setReusePort(true)
			.setProcessOnInput(true)
			.setProxyProtocol(new WaiterProxyProtocol(java.util.List.of(CidrBlock.parse("10.0.0.0/8")),
					java.time.Duration.ofSeconds(3)));
		assertThat(StartupSummary.of(new RunSettings(settings), false)).contains("max-connections-per-peer 8")
			.contains("max-connection-rate-per-peer 20/s")
			.contains("PROXY protocol from [10.0.0.0/8] within 3000ms")
			.contains("reuse-port")
			.contains("process on input");
		assertThat(StartupSummary.of(new RunSettings(new WaiterServerSettings()), false)).doesNotContain("PROXY")
			.doesNotContain("reuse-port")
			.doesNotContain("process on input")
			.doesNotContain("per-peer");
	}

}
