package org.hearthgate.relay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters and gauges the console and /api/metrics show. */
public final class RelayMetrics {
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    /** Messages kept as dead letters, for whatever reason (each counted once, redeliveries not again). */
    public final AtomicLong rejected = new AtomicLong();
    public final AtomicLong unregistered = new AtomicLong();
    public final AtomicLong badTime = new AtomicLong();
    public final AtomicLong refused = new AtomicLong();
    public final AtomicLong seqRegressions = new AtomicLong();
    public final AtomicLong alarms = new AtomicLong();
    public final AtomicLong receiptsFailed = new AtomicLong();
    public final AtomicLong storeRetries = new AtomicLong();
    /** Messages whose storing failed after every retry and were dead-lettered with an operator alert. */
    public final AtomicLong storeFailures = new AtomicLong();
    /** How long the last message written waited between arriving and being stored, in ms. */
    public final AtomicLong ingestLagMs = new AtomicLong();
    private final MinuteWindow deadLetterWindow = new MinuteWindow();

    public void deadLettered(int count, long nowMs) {
        rejected.addAndGet(count);
        deadLetterWindow.add(nowMs, count);
    }

    /**
     * What the broker link and the ingest queues say right now; {@code readingStore}: the InfluxDB reading store's
     * counters and spool (null when readings stay in the relay store).
     */
    public record Live(boolean brokerConnected, String brokerState, String brokerSince, String brokerError,
            long brokerConnects, int urgentQueue, int bulkQueue, boolean storeHealthy,
            org.hearthgate.relay.readings.InfluxReadingStore.Stats readingStore) {
    }

    public record Snapshot(long received, long accepted, long duplicates, long rejected, long unregistered,
            long badTime, long refused, long seqRegressions, long alarms, long receiptsFailed, long storeRetries,
            long storeFailures, long ingestLagMs, long deadLettersLastMinute, Live live) {
    }

    public Snapshot snapshot(long nowMs, Live live) {
        return new Snapshot(received.get(), accepted.get(), duplicates.get(), rejected.get(), unregistered.get(),
                badTime.get(), refused.get(), seqRegressions.get(), alarms.get(), receiptsFailed.get(),
                storeRetries.get(), storeFailures.get(), ingestLagMs.get(), deadLetterWindow.sum(nowMs), live);
    }

    /** Counts over the last 60 seconds in one-second buckets. */
    static final class MinuteWindow {
        private final AtomicLongArray counts = new AtomicLongArray(60);
        private final AtomicLongArray seconds = new AtomicLongArray(60);

        void add(long nowMs, long n) {
            long sec = nowMs / 1000;
            int i = (int) (sec % 60);
            if (seconds.getAndSet(i, sec) != sec) {
                counts.set(i, 0);
            }
            counts.addAndGet(i, n);
        }

        long sum(long nowMs) {
            long sec = nowMs / 1000;
            long total = 0;
            for (int i = 0; i < 60; i++) {
                if (sec - seconds.get(i) < 60) {
                    total += counts.get(i);
                }
            }
            return total;
        }
    }
}
