package org.hearthgate.sim.fleet;

import java.util.concurrent.atomic.LongAdder;

/** What the whole fleet did, summed over its hubs (one set of adders, not one per hub: memory per hub matters). */
public final class FleetCounters {
    final LongAdder readingsSent = new LongAdder();
    final LongAdder alarmsSent = new LongAdder();
    final LongAdder heartbeatsSent = new LongAdder();
    final LongAdder pubacks = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder receipts = new LongAdder();
    final LongAdder receiptRefs = new LongAdder();
    final LongAdder connectionsLost = new LongAdder();
    final LongAdder resends = new LongAdder();
    final LongAdder reconnects = new LongAdder();

    public record Snapshot(long readingsSent, long alarmsSent, long heartbeatsSent, long pubacks,
            long publishFailures, long receipts, long receiptRefs, long connectionsLost, long resends,
            long reconnects) {
        /** Messages handed to the broker that it has not acknowledged (yet, or ever). */
        public long unacknowledged() {
            return readingsSent + alarmsSent + heartbeatsSent + resends - pubacks - publishFailures;
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(readingsSent.sum(), alarmsSent.sum(), heartbeatsSent.sum(), pubacks.sum(),
                publishFailures.sum(), receipts.sum(), receiptRefs.sum(), connectionsLost.sum(), resends.sum(),
                reconnects.sum());
    }
}
