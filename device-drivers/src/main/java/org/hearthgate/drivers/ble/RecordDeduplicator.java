package org.hearthgate.drivers.ble;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the most recent stored-record keys of one device so that records replayed on reconnect are forwarded
 * once. Memory is bounded: the least recently seen key is forgotten first. A device replays from its oldest record,
 * so the capacity should exceed the device's record memory (cuffs keep 60 to 200 readings per user, meters up to
 * 1000); the default of 2048 does. A record older than the window would be forwarded again, which the cloud's
 * idempotent ingest tolerates; losing a new record to a false match is what this class must never do, which is why
 * keys include a value fingerprint. Not thread-safe: the driver uses it from its own thread.
 */
public final class RecordDeduplicator {
    public static final int DEFAULT_CAPACITY = 2048;

    private final Map<RecordKey, Boolean> seen;

    public RecordDeduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<RecordKey, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time a key is seen (forward the record), false for a replay (drop it). */
    public boolean firstSighting(RecordKey key) {
        return seen.put(key, Boolean.TRUE) == null;
    }

    public int size() {
        return seen.size();
    }
}
