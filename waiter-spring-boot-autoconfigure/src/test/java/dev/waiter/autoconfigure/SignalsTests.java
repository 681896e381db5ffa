package dev.waiter.autoconfigure;

import java.io.BufferedReader;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.WaiterSignal;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterSignalEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.ForkedJvm;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class SignalsTests {

	private final ApplicationContextRunner contextRunner = WaiterContexts.runner();

	@Test
	void aServerSignalReachesListenersWithoutAConnectionUnlessPropagationIsOn() {
		withHeldClients(2, "waiter.signals.propagate=false", (waiter, recorder) -> {
			waiter.signal(WaiterSignal.USR1);
			assertThat(recorder.all(WaiterSignalEvent.class)).singleElement().satisfies((event) -> {
				assertThat(event.getSignal()).isEqualTo(WaiterSignal.USR1);
				assertThat(event.getConnection()).isNull();
				assertThat(event.isChild()).isFalse();
			});
		});
	}

	@Test
	void withPropagationUsr1AlsoReachesEveryLiveConnectionButHupDoesNot() {
		withHeldClients(3, "waiter.signals.propagate=true", (waiter, recorder) -> {
			waiter.signal(WaiterSignal.USR2);
			List<WaiterSignalEvent> events = recorder.all(WaiterSignalEvent.class);
			assertThat(events).hasSize(4);
			assertThat(events.get(0).getConnection()).isNull();
			assertThat(events.subList(1, 4)).extracting((event) -> event.getConnection().id())
				.containsExactlyInAnyOrderElementsOf(waiter.connections().stream().map((c) -> c.id()).toList());
			recorder.clear();
			waiter.signal(WaiterSignal.HUP);
			assertThat(recorder.all(WaiterSignalEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getConnection()).isNull());
		});
	}

	@Test
	void propagateSignalReachesEveryLiveConnectionOnDemand() {
		withHeldClients(2, "waiter.signals.propagate=false", (waiter, recorder) -> {
			waiter.propagateSignal(WaiterSignal.HUP);
			assertThat(recorder.all(WaiterSignalEvent.class)).hasSize(2)
				.allSatisfy((event) -> assertThat(event.isChild()).isTrue());
		});
	}

	@Test
	void stopAllConnectionsClosesHeldClientsEachWithItsClosingAndExitEvents() {
		withHeldClients(3, "waiter.signals.propagate=false", (waiter, recorder) -> {
			waiter.stopAllConnections();
			List<WaiterWorkerExitedEvent> exited = recorder.awaitExited(3);
			assertThat(exited).allSatisfy((event) -> assertThat(event.getOutcome()).isEqualTo(WaiterOutcome.CLOSED));
			assertThat(recorder.all(WaiterClosingEvent.class)).hasSize(3);
			assertThat(waiter.isListening()).isTrue();
		});
	}

	@Test
	void closeConnectionClosesOnlyThatOne() {
		withHeldClients(2, "waiter.signals.propagate=false", (waiter, recorder) -> {
			long first = waiter.connections().get(0).id();
			assertThat(waiter.closeConnection(first)).isTrue();
			assertThat(waiter.closeConnection(999_999)).isFalse();
			assertThat(recorder.awaitExited(1).get(0).getConnection().id()).isEqualTo(first);
			await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getActiveConnections() == 1);
		});
	}

	@Test
	void aSignalTheJvmRefusesIsNamedInTheStartUpLog(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			List<WaiterSignal> delivered = new ArrayList<>();
			List<Runnable> handlers = new ArrayList<>();
			WaiterOsSignals signals = new WaiterOsSignals(waiter, (signal, handler) -> {
				if (signal == WaiterSignal.USR2) {
					throw new IllegalArgumentException("Signal already used by VM or OS: SIGUSR2");
				}
				handlers.add(handler);
				return () -> delivered.add(signal);
			});
			signals.start();
			assertThat(output).contains("Waiter handles OS signals [HUP, USR1]")
				.contains("Waiter cannot handle OS signal USR2 on this JVM (Signal already used by VM or OS: SIGUSR2)");
			handlers.get(1).run();
			assertThat(context.getBean(EventRecorder.class).all(WaiterSignalEvent.class)).singleElement()
				.satisfies((event) -> assertThat(event.getSignal()).isEqualTo(WaiterSignal.USR1));
			signals.stop();
			assertThat(delivered).containsExactly(WaiterSignal.HUP, WaiterSignal.USR1);
		});
	}

	@Test
	void aRealUsr1FromTheOperatingSystemReachesTheListener() throws Exception {
		ForkedJvm jvm = ForkedJvm.start("--waiter.port=0", "--waiter.address=127.0.0.1", "--waiter.signals.os=true");
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> jvm.output().contains("Waiter handles OS signals"));
			assertThat(jvm.output()).contains("Waiter handles OS signals [HUP, USR1, USR2]").contains("Waiter listening on");
			Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(jvm.pid())).start();
			assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(kill.exitValue()).isZero();
			await().atMost(Duration.ofSeconds(30)).until(() -> jvm.output().contains("received signal USR1"));
			assertThat(jvm.output()).contains("received signal USR1 on SIGUSR1 handler");
		}
		finally {
			jvm.destroy();
		}
	}

	private interface HeldClientsCheck {

		void check(Waiter waiter, EventRecorder recorder) throws Exception;

	}

	private void withHeldClients(int count, String property, HeldClientsCheck check) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			context.getBean(TestHandler.class).set((connection) -> {
				connection.writer().println("held");
				connection.reader().read();
			});
			List<Socket> sockets = new ArrayList<>();
			try {
				for (int i = 0; i < count; i++) {
					Socket socket = Clients.connect(waiter.getPort());
					BufferedReader reader = Clients.reader(socket);
					assertThat(reader.readLine()).isEqualTo("held");
					sockets.add(socket);
				}
				assertThat(waiter.getActiveConnections()).isEqualTo(count);
				check.check(waiter, recorder);
			}
			finally {
				sockets.forEach(Clients::close);
			}
		});
	}

}
