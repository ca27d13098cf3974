package org.hearthgate.hub.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.MessageId;

/**
 * The hub's durable store-and-forward queue. A message stays until the cloud's receipt confirms it; it is handed out
 * by priority then age, so an alarm overtakes any telemetry backlog. When full, the oldest telemetry is evicted (and
 * counted); alarms and events are never evicted.
 */
public interface Outbox extends AutoCloseable {

    /**
     * Stores a message durably (fsync) before returning. Returns false only for telemetry that found the store full
     * of alarms and events (counted in {@link #evicted}); alarms and events are always stored.
     */
    boolean append(OutboxEntry.Draft draft);

    /** The next sequence number, persisted so it stays monotonic across restarts. */
    long nextSeq();

    /** Up to {@code max} entries due at {@code now}, most urgent first, then oldest first. */
    List<OutboxEntry> due(Instant now, int max);

    /** Records a send attempt and when to try again if no receipt comes. */
    void attempted(MessageId id, Instant retryAt);

    /** The cloud has the messages: forget them. Returns how many were still here (0 for a duplicate receipt). */
    int confirm(Collection<MessageId> ids);

    /** After a reconnect, everything unconfirmed is due again at once. */
    void retryAllAt(Instant when);

    int depth();

    /** Everything still held with a rank below {@code rank} (for example every alarm), oldest first. */
    List<OutboxEntry> heldBelow(int rank);

    Optional<Instant> oldestCreated();

    /** Telemetry evicted because the store was full, since start. */
    long evicted();

    @Override
    void close();
}
