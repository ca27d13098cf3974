package org.hearthgate.relay;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the console and /api/metrics show. */
public final class RelayMetrics {
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong rejected = new AtomicLong();
    public final AtomicLong alarms = new AtomicLong();
    public final AtomicLong receiptsFailed = new AtomicLong();

    public record Snapshot(long received, long accepted, long duplicates, long rejected, long alarms,
            long receiptsFailed) {
    }

    public Snapshot snapshot() {
        return new Snapshot(received.get(), accepted.get(), duplicates.get(), rejected.get(), alarms.get(),
                receiptsFailed.get());
    }
}
