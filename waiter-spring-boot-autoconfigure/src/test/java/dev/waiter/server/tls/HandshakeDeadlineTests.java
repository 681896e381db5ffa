package dev.waiter.server.tls;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.waiter.support.Races;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race between a TLS handshake and its deadline: run from two threads at once, round
 * after round ({@link Races}), its invariant checked after each round; each order that
 * can be set up on one thread is checked step by step too.
 */
class HandshakeDeadlineTests {

	private static final int ROUNDS = 10_000;

	@Test
	void aHandshakeAndItsDeadlineEndingAtOnceHaveExactlyOneWinnerAndOnlyAWinningDeadlineCloses() {
		Set<String> winners = new HashSet<>();
		Races.run(ROUNDS, DeadlineRace::new, List.of(DeadlineRace::complete, DeadlineRace::expire), (race) -> {
			assertThat(race.completed).as("handshake won").isNotEqualTo(race.expired);
			assertThat(race.closes).hasValue(race.expired ? 1 : 0);
			assertThat(race.deadline.complete()).isEqualTo(race.completed);
			assertThat(race.deadline.expire()).isFalse();
			assertThat(race.closes).hasValue(race.expired ? 1 : 0);
			winners.add(race.expired ? "deadline" : "handshake");
		});
		assertThat(winners).as("both sides of the race won at times").containsExactlyInAnyOrder("deadline", "handshake");
	}

	@Test
	void aDeadlineThatFiresAfterTheHandshakeCompletedNeitherClosesNorExpires() {
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

	/** One handshake's deadline, and what each side was told. */
	private static final class DeadlineRace {

		final AtomicInteger closes = new AtomicInteger();

		final HandshakeDeadline deadline = new HandshakeDeadline(this.closes::incrementAndGet);

		boolean completed;

		boolean expired;

		void complete() {
			this.completed = this.deadline.complete();
		}

		void expire() {
			this.expired = this.deadline.expire();
		}

	}

}
