package dev.waiter.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Drives a race into its interleavings: a few operations on one fresh state, each on its
 * own thread, started together, round after round, with the invariant checked after each
 * round on the test's thread. Each round's threads meet at a {@link CyclicBarrier}, then
 * spin (a bounded fraction of a millisecond) until all have left it, so they reach their
 * operations side by side rather than in the order the barrier woke them. Every wait is
 * bounded; a round that hangs fails the test.
 */
public final class Races {

	private static final long ROUND_TIMEOUT_SECONDS = 10;

	private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private Races() {
	}

	/**
	 * Runs the rounds.
	 * @param <S> the state one round works on
	 * @param rounds how many rounds
	 * @param setUp makes a round's fresh state, on the test's thread
	 * @param operations what the threads do to it, one thread each, all at once
	 * @param invariant checked on the test's thread once every operation of the round returned
	 */
	public static <S> void run(int rounds, Supplier<S> setUp, List<Consumer<S>> operations, Consumer<S> invariant) {
		int parties = operations.size();
		AtomicInteger threads = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(parties, (task) -> {
			Thread thread = new Thread(task, "race-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		try {
			for (int round = 0; round < rounds; round++) {
				S state = setUp.get();
				CyclicBarrier barrier = new CyclicBarrier(parties);
				AtomicInteger released = new AtomicInteger();
				List<Future<?>> running = new ArrayList<>(parties);
				for (Consumer<S> operation : operations) {
					running.add(executor.submit(() -> {
						startTogether(barrier, released, parties);
						operation.accept(state);
						return null;
					}));
				}
				for (Future<?> operation : running) {
					await(operation, round);
				}
				try {
					invariant.accept(state);
				}
				catch (AssertionError ex) {
					throw new AssertionError("round " + round + " of " + rounds + ": " + ex.getMessage(), ex);
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void startTogether(CyclicBarrier barrier, AtomicInteger released, int parties)
			throws InterruptedException, BrokenBarrierException, TimeoutException {
		barrier.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		released.incrementAndGet();
		long until = System.nanoTime() + SPIN_NANOS;
		while (released.get() < parties && System.nanoTime() - until < 0) {
			Thread.onSpinWait();
		}
	}

	private static void await(Future<?> operation, int round) {
		try {
			operation.get(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("round " + round + ": an operation failed: " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("round " + round + ": an operation did not end within "
					+ ROUND_TIMEOUT_SECONDS + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted in round " + round, ex);
		}
	}

}
