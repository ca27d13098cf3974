package org.hearthgate.hub.outbox;

import java.time.Instant;
import org.hearthgate.contract.MessageId;

/**
 * One stored message. {@code rank} orders sending: lower is sooner ({@link #ALARM} ranks come first).
 *
 * @param attempts how often it was published without a receipt yet
 */
public record OutboxEntry(MessageId id, long seq, int rank, String topic, byte[] payload, Instant createdAt,
        int attempts, Instant dueAt) {

    /** Ranks 0..9: alarms and alarm updates, by wire priority. */
    public static final int ALARM = 0;
    /** Ranks 10..19: events. */
    public static final int EVENT = 10;
    /** Ranks 20+: telemetry, evictable when the store is full. */
    public static final int TELEMETRY = 20;

    public boolean isTelemetry() {
        return rank >= TELEMETRY;
    }

    /**
     * What the hub hands the outbox. The outbox assigns the sequence number inside the storing transaction and
     * asks {@code encode} for the payload carrying it, so sequence numbers stay gap-free and monotonic on disk.
     */
    public record Draft(MessageId id, int rank, String topic, Instant createdAt,
            java.util.function.LongFunction<byte[]> encode) {
    }
}
