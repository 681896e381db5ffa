package dev.waiter.server.threads;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idle selector on real loopback channels.
 */
class IdleSelectorTests {

	private static final int CHANNELS = 100;

	private static final int ROUNDS = 30;

	/**
	 * A stop wakes every parked connection in a tight loop, as ConnectionDrain's closeIdle
	 * does: each wake must hand its connection back, even one submitted while the selector
	 * thread is deregistering the keys it has just cancelled (a {@code selectNow()} there
	 * clears a pending {@code wakeup()}).
	 */
	@Test
	void everyParkedConnectionWokenInQuickSuccessionIsHandedBack() throws Exception {
		List<SocketChannel> channels = new ArrayList<>();
		Random random = new Random(1);
		try (ServerSocketChannel server = ServerSocketChannel.open();
				IdleSelector selector = IdleSelector.open("test")) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			for (int i = 0; i < CHANNELS; i++) {
				channels.add(SocketChannel.open(server.getLocalAddress()));
				channels.add(server.accept());
			}
			List<SocketChannel> accepted = new ArrayList<>();
			for (int i = 1; i < channels.size(); i += 2) {
				accepted.add(channels.get(i));
			}
			for (int round = 0; round < ROUNDS; round++) {
				CountDownLatch resumed = new CountDownLatch(CHANNELS);
				List<IdleSelector.Parking> parkings = new ArrayList<>();
				for (SocketChannel channel : accepted) {
					IdleSelector.Parking parking = selector.parking(channel, resumed::countDown);
					parking.register();
					parkings.add(parking);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> selector.parkedCount() == CHANNELS);
				for (IdleSelector.Parking parking : parkings) {
					parking.wake();
					// the stop closes a socket between two wakes
					LockSupport.parkNanos(random.nextInt(100_000));
				}
				assertThat(resumed.await(10, TimeUnit.SECONDS))
					.as("round " + round + ": handed back " + (CHANNELS - resumed.getCount()) + " of " + CHANNELS)
					.isTrue();
				for (SocketChannel channel : accepted) {
					channel.configureBlocking(true);
				}
			}
		}
		finally {
			for (SocketChannel channel : channels) {
				channel.close();
			}
		}
	}

}
