package dev.waiter.server.admission;

import java.net.InetAddress;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The token bucket per address on a clock the test moves: {@link PeerRateLimiter} reads
 * nothing else, so every count here is exact.
 */
class PeerRateLimiterTests {

	private static final long MILLI = 1_000_000L;

	private final AtomicLong clock = new AtomicLong(123_456_789L);

	private final PeerRateLimiter limiter = new PeerRateLimiter(5, PeerRateLimiter.CAPACITY, this.clock::get);

	@Test
	void fiveConnectionsInOneInstantAreLetInAndTheSixthIsRefusedWhileAnotherAddressIsLetIn() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire(client)).as("connection %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire(client)).isFalse();
		assertThat(this.limiter.tryAcquire(InetAddress.getByName("127.0.0.3"))).isTrue();
	}

	@Test
	void ipv6AddressesInOneSlash64ShareABucketAndOneInTheNextSlash64HasItsOwn() throws Exception {
		drain(InetAddress.getByName("2001:db8:1:2::1"));
		assertThat(this.limiter.tryAcquire(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isFalse();
		assertThat(this.limiter.tryAcquire(InetAddress.getByName("2001:db8:1:3::1"))).isTrue();
	}

	@Test
	void unixPeersAreKeyedByTheirUserAndAnotherUserHasItsOwnBucket() throws Exception {
		UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
		UserPrincipal root = users.lookupPrincipalByName("0");
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire(root)).as("connection %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire(users.lookupPrincipalByName("0"))).isFalse();
		assertThat(this.limiter.tryAcquire(users.lookupPrincipalByName("4242"))).isTrue();
	}

	@Test
	void aTokenGivenBackForAClientRefusedForAnotherReasonCanBeTakenAgain() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		drain(client);
		this.limiter.giveBack(client);
		assertThat(this.limiter.tryAcquire(client)).isTrue();
		assertThat(this.limiter.tryAcquire(client)).isFalse();
		this.limiter.giveBack(InetAddress.getByName("127.0.0.9"));
		assertThat(this.limiter.size()).as("giving back to an unknown address remembers nothing").isEqualTo(1);
	}

	@Test
	void aRefusedConnectionTakesNoTokenAndOneComesBackAfterAFifthOfASecond() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		drain(client);
		this.clock.addAndGet(199 * MILLI);
		assertThat(this.limiter.tryAcquire(client)).isFalse();
		assertThat(this.limiter.tryAcquire(client)).isFalse();
		this.clock.addAndGet(MILLI);
		assertThat(this.limiter.tryAcquire(client)).isTrue();
		assertThat(this.limiter.tryAcquire(client)).isFalse();
	}

	@Test
	void anAddressQuietForASecondHasItsWholeBurstAgainAndNoMore() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		drain(client);
		this.clock.addAndGet(60_000 * MILLI);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire(client)).as("connection %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire(client)).isFalse();
	}

	@Test
	void aSteadyFiveConnectionsPerSecondAreAllLetIn() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		for (int i = 0; i < 100; i++) {
			assertThat(this.limiter.tryAcquire(client)).as("connection %d", i + 1).isTrue();
			this.clock.addAndGet(200 * MILLI);
		}
	}

	@Test
	void theClockWrappingAroundChangesNothing() throws Exception {
		AtomicLong wrapping = new AtomicLong(Long.MAX_VALUE - 100 * MILLI);
		PeerRateLimiter limiter = new PeerRateLimiter(1, PeerRateLimiter.CAPACITY, wrapping::get);
		InetAddress client = InetAddress.getByName("127.0.0.2");
		assertThat(limiter.tryAcquire(client)).isTrue();
		wrapping.addAndGet(999 * MILLI);
		assertThat(limiter.tryAcquire(client)).isFalse();
		wrapping.addAndGet(MILLI);
		assertThat(limiter.tryAcquire(client)).isTrue();
	}

	@Test
	void aFloodOf200000DistinctAddressesKeepsTheTableAtItsCapacity() throws Exception {
		for (int i = 0; i < 200_000; i++) {
			this.limiter.tryAcquire(address(i));
		}
		assertThat(this.limiter.size()).isEqualTo(PeerRateLimiter.CAPACITY);
	}

	@Test
	void anAddressTheFloodPushedOutStartsAgainWithAFullBucket() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		drain(client);
		for (int i = 0; i < 200_000; i++) {
			this.limiter.tryAcquire(address(i));
		}
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire(client)).as("connection %d", i + 1).isTrue();
		}
		assertThat(this.limiter.tryAcquire(client)).isFalse();
	}

	@Test
	void threadsRacingForOneAddressShareItsFiveTokens() throws Exception {
		InetAddress client = InetAddress.getByName("127.0.0.2");
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Integer>> racers = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				racers.add(() -> {
					int admitted = 0;
					for (int i = 0; i < 1_000; i++) {
						admitted += this.limiter.tryAcquire(client) ? 1 : 0;
					}
					return admitted;
				});
			}
			int admitted = 0;
			for (Future<Integer> racer : threads.invokeAll(racers, 30, TimeUnit.SECONDS)) {
				admitted += racer.get();
			}
			assertThat(admitted).isEqualTo(5);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aRateBelowOneIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PeerRateLimiter(0)).withMessageContaining("0");
	}

	private void drain(InetAddress client) {
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.tryAcquire(client)).isTrue();
		}
		assertThat(this.limiter.tryAcquire(client)).isFalse();
	}

	/** The i-th address of 10.0.0.0/8. */
	private static InetAddress address(int i) throws Exception {
		return InetAddress.getByAddress(new byte[] { 10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i });
	}

}
