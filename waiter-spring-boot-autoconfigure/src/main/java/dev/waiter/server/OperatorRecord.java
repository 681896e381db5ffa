package dev.waiter.server;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.waiter.WaiterAcceptFailure;
import org.jspecify.annotations.Nullable;

/**
 * What an operator reads about a server without a metrics system: refusals by reason and
 * the last failed accept. Written by the accepting threads, read by the endpoint and the
 * health indicator from any thread; kept for the server's life, across runs.
 */
final class OperatorRecord {

	private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

	private final AtomicLong acceptErrors = new AtomicLong();

	private volatile @Nullable WaiterAcceptFailure lastAcceptFailure;

	void rejected(String reason) {
		this.rejected.computeIfAbsent(reason, (key) -> new LongAdder()).increment();
	}

	void acceptFailed(Exception error) {
		long count = this.acceptErrors.incrementAndGet();
		this.lastAcceptFailure = new WaiterAcceptFailure(Instant.now(), error.toString(), count);
	}

	Map<String, Long> rejectedCounts() {
		Map<String, Long> counts = new TreeMap<>();
		this.rejected.forEach((reason, count) -> counts.put(reason, count.sum()));
		return counts;
	}

	@Nullable WaiterAcceptFailure lastAcceptFailure() {
		return this.lastAcceptFailure;
	}

}
