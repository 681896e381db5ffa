package dev.waiter.sample;

import java.time.Duration;

import dev.waiter.LocalWaiterPort;
import dev.waiter.Waiter;
import dev.waiter.actuate.WaiterMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as it ships (its own application.properties; only the port, the address and
 * the demo's per-connection log line changed) under a slowloris: connections that send a
 * request head one header line every few seconds and never finish it, so that no read ever
 * waits long enough for the read timeout. A normal client, curl from an address of its own
 * (127.0.0.9), must be answered all through the attack.
 * <p>
 * The rule: once the attack has made most of its connections (the server has seen that many
 * attempts), every probe, one a second for 15 s, must get "hello world" within curl's 5 s;
 * none may fail. Before that the attack is not yet there to be withstood. A failure allowance
 * would hide the very thing measured: a server whose slots are all held answers nobody, and
 * one that keeps slots for other addresses has no reason to miss a probe.
 */
@SpringBootTest(properties = { "waiter.port=0", "waiter.address=127.0.0.1", "logging.level.dev.waiter.sample=warn" })
class SlowRequestAttackTests {

	private static final String NORMAL_CLIENT = "127.0.0.9";

	private static final int PROBES = 15;

	private static final Duration PROBING = Duration.ofSeconds(15);

	@LocalWaiterPort
	int port;

	@Autowired
	Waiter waiter;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void noConnectionIsLeftFromAnEarlierTest() {
		Slowhttptest.assumeInstalled();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.waiter.getActiveConnections() == 0);
	}

	@Test
	void aNormalClientIsAnsweredWhileSlowhttptestTricklesHeadersOnFifteenHundredConnectionsFromOneAddress()
			throws Exception {
		double before = attempts();
		double refusedBefore = count(WaiterMeters.REJECTED);
		CurlProbe curl = new CurlProbe(NORMAL_CLIENT, this.port);
		try (Slowhttptest attack = Slowhttptest.start(this.port, 1500)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> attempts() - before >= 1000);
			probeThroughTheAttack(curl);
			String report = curl.report() + "; " + attack.lastStatus() + "; " + serverReport(before, refusedBefore);
			System.out.println("slow-request attack from one address: " + report);
			assertThat(curl.failed()).as(report).isZero();
			assertThat(curl.answered()).as(report).isEqualTo(PROBES);
			theAttacksConnectionsWereCutOff(report);
		}
	}

	@Test
	void aNormalClientIsAnsweredWhileSlowClientsFromThreeAddressesTrickleTheirHeaders() throws Exception {
		double before = attempts();
		double refusedBefore = count(WaiterMeters.REJECTED);
		CurlProbe curl = new CurlProbe(NORMAL_CLIENT, this.port);
		try (Slowhttptest attack = Slowhttptest.start(this.port, 1500);
				SlowHeaderClients second = SlowHeaderClients.start("127.0.0.2", this.port, 500, Duration.ofSeconds(5));
				SlowHeaderClients third = SlowHeaderClients.start("127.0.0.3", this.port, 500, Duration.ofSeconds(5))) {
			await().atMost(Duration.ofSeconds(20)).until(() -> attempts() - before >= 2000);
			probeThroughTheAttack(curl);
			String report = curl.report() + "; " + attack.lastStatus() + "; " + second.report() + "; "
					+ third.report() + "; " + serverReport(before, refusedBefore);
			System.out.println("slow-request attack from three addresses: " + report);
			assertThat(curl.failed()).as(report).isZero();
			assertThat(curl.answered()).as(report).isEqualTo(PROBES);
			theAttacksConnectionsWereCutOff(report);
		}
	}

	/**
	 * The attack opened its connections in its first seconds and would keep them for its 40 s;
	 * none of them ever finishes its request, so none may still be served 30 s later: the
	 * server has cut them off (slowhttptest then ends, with no open connection left).
	 */
	private void theAttacksConnectionsWereCutOff(String report) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.waiter.getActiveConnections()).as(report).isZero());
	}

	/** One curl a second, until {@link #PROBES} were made or {@link #PROBING} has passed. */
	private static void probeThroughTheAttack(CurlProbe curl) {
		long deadline = System.nanoTime() + PROBING.toNanos();
		await().atMost(PROBING.plusSeconds(15))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> {
				curl.probe();
				return curl.probes() >= PROBES || System.nanoTime() - deadline > 0;
			});
	}

	private String serverReport(double before, double refusedBefore) {
		return "server: " + (long) (attempts() - before) + " connection attempts, "
				+ (long) (count(WaiterMeters.REJECTED) - refusedBefore) + " refused, "
				+ this.waiter.getActiveConnections() + " live now";
	}

	private double attempts() {
		return count(WaiterMeters.ACCEPTED) + count(WaiterMeters.REJECTED);
	}

	private double count(String name) {
		return this.meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
	}

}
