package dev.waiter.proxy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.waiter.Waiter;
import dev.waiter.server.WaiterBindException;
import dev.waiter.support.Clients;
import dev.waiter.support.WaiterContexts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

class RestartOnOnePortTests {

	@Test
	void withReusePortASecondServerBindsBesideTheFirstAndWithoutItCannot() {
		WaiterContexts.runner().withPropertyValues("waiter.reuse-port=true").run((first) -> {
			int port = first.getBean(Waiter.class).getPort();
			WaiterContexts.runner().withPropertyValues("waiter.reuse-port=true", "waiter.port=" + port).run((second) -> {
				assertThat(second).hasNotFailed();
				assertThat(second.getBean(Waiter.class).getPort()).isEqualTo(port);
				assertThat(Clients.exchange(port, "both")).isEqualTo("echo:both\n");
			});
			WaiterContexts.runner().withPropertyValues("waiter.port=" + port).run((refused) -> {
				assertThat(refused).hasFailed();
				assertThat(refused.getStartupFailure()).hasRootCauseInstanceOf(java.net.BindException.class)
					.hasStackTraceContaining(WaiterBindException.class.getName());
			});
		});
	}

	@Test
	void readinessRefusesTrafficBeforeTheListenSocketCloses() {
		WaiterContexts.runner().withBean(ReadinessRecorder.class).run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			ReadinessRecorder recorder = context.getBean(ReadinessRecorder.class);
			((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			assertThat(recorder.listeningWhenRefusing).containsExactly(true);
			assertThat(waiter.isListening()).isFalse();
		});
	}

	@Test
	void aContextStoppedAndStartedAgainIsReadyAgain() {
		WaiterContexts.runner().withBean(ReadinessRecorder.class).run((context) -> {
			ConfigurableApplicationContext application = (ConfigurableApplicationContext) context.getSourceApplicationContext();
			ReadinessRecorder recorder = context.getBean(ReadinessRecorder.class);
			application.stop();
			application.start();
			assertThat(recorder.states).containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(context.getBean(Waiter.class).isListening()).isTrue();
		});
	}

	/**
	 * Five hand-overs under load in a network namespace of the test's own, where
	 * {@code net.ipv4.tcp_migrate_req=1} moves the clients queued on the closing listener
	 * to the new one. The same with the setting off is measured by the benchmark.
	 */
	@Test
	void fiveRestartsOnOnePortUnderLoadLoseNoClientWithTcpMigrateReq() throws Exception {
		String result = runInNamespace(1, 5);
		Matcher matcher = Pattern.compile("handover rounds=(\\d+) served=(\\d+) failed=(\\d+)").matcher(result);
		assertThat(matcher.find()).as(result).isTrue();
		assertThat(Integer.parseInt(matcher.group(1))).as(result).isEqualTo(5);
		assertThat(Long.parseLong(matcher.group(2))).as(result).isGreaterThanOrEqualTo(5 * 600);
		assertThat(Long.parseLong(matcher.group(3))).as(result).isZero();
	}

	/** Runs {@link HandOverDriver} in a new network namespace with loopback up and the sysctl set. */
	static String runInNamespace(int migrateReq, int rounds) throws Exception {
		Process probe = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
		boolean exited = probe.waitFor(10, TimeUnit.SECONDS);
		String why = new String(probe.getInputStream().readAllBytes()).trim();
		Assumptions.assumeTrue(exited && probe.exitValue() == 0,
				"Skipped: this test needs its own network namespace ('unshare -n', as root) to set "
						+ "net.ipv4.tcp_migrate_req without touching the host; here it failed: " + why);
		List<String> java = new ArrayList<>();
		java.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		java.add("-cp");
		java.add(System.getProperty("java.class.path"));
		java.add(HandOverDriver.class.getName());
		java.add(Integer.toString(rounds));
		StringBuilder shell = new StringBuilder("ip link set lo up && sysctl -w net.ipv4.tcp_migrate_req=" + migrateReq
				+ " >/dev/null && exec");
		for (String part : java) {
			shell.append(" '").append(part.replace("'", "'\\''")).append("'");
		}
		Path output = Files.createTempFile("waiter-handover", ".log");
		Process process = new ProcessBuilder("unshare", "-n", "sh", "-c", shell.toString()).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("hand-over driver did not finish:\n" + Files.readString(output));
		}
		String result = Files.readString(output);
		assertThat(process.exitValue()).as(result).isZero();
		return result;
	}

	static class ReadinessRecorder {

		final List<Boolean> listeningWhenRefusing = new CopyOnWriteArrayList<>();

		final List<ReadinessState> states = new CopyOnWriteArrayList<>();

		private final Waiter waiter;

		ReadinessRecorder(Waiter waiter) {
			this.waiter = waiter;
		}

		@EventListener
		void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
			this.states.add(event.getState());
			if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
				this.listeningWhenRefusing.add(this.waiter.isListening());
			}
		}

	}

}
