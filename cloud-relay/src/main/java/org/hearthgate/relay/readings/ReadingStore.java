package org.hearthgate.relay.readings;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where readings live for good, and their trends. Storing is idempotent: the same reading stored twice (a redelivery)
 * is one reading.
 */
public interface ReadingStore extends Trends, AutoCloseable {

    /**
     * Hands readings over for storing; the future completes once they are durable (in the store, or in a local
     * spool that is drained to it later), or fails if they could not be made durable. Blocks the caller while the
     * store already holds as many undurable readings as it may (back-pressure).
     */
    CompletableFuture<Void> submit(List<StoredReading> readings);

    /** Returns only once the readings are durable; throws if they could not be made so. */
    default void store(List<StoredReading> readings) {
        submit(readings).join();
    }

    @Override
    void close();
}
