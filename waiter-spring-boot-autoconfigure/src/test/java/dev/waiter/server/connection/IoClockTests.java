package dev.waiter.server.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The clock a connection's blocking read or write runs under, which the timeout sweeper reads. */
class IoClockTests {

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

}
