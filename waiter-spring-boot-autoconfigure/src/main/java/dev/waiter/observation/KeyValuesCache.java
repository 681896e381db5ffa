package dev.waiter.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.common.KeyValues;

/**
 * Low-cardinality key values built and sorted once per combination of what they are made
 * of: a convention is asked for them at every start and stop of an observation, and they
 * are few. Bounded: past {@link #MAX_CACHED} combinations, they are built per call. Any
 * thread.
 * @param <K> what the key values are made of (a record)
 */
final class KeyValuesCache<K> {

	/** Enough for every outcome and error type of a few servers. */
	static final int MAX_CACHED = 1024;

	private final Map<K, KeyValues> cached = new ConcurrentHashMap<>();

	private final Function<K, KeyValues> build;

	KeyValuesCache(Function<K, KeyValues> build) {
		this.build = build;
	}

	KeyValues get(K key) {
		KeyValues keyValues = this.cached.get(key);
		if (keyValues == null) {
			keyValues = this.build.apply(key);
			if (this.cached.size() < MAX_CACHED) {
				this.cached.put(key, keyValues);
			}
		}
		return keyValues;
	}

}
