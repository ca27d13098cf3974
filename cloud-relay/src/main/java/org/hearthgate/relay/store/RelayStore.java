package org.hearthgate.relay.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.wire.Message;

/**
 * The cloud's SQL store: alarms and their audit trail, events, readings (when no InfluxDB is configured), hubs, and
 * the dead-letter store. Every write is idempotent by message id: a message delivered twice is stored once.
 */
public interface RelayStore extends AutoCloseable {

    /** Stores one validated up message; returns false when this message id was already stored (a duplicate). */
    boolean ingest(TenantId tenant, Message message, Instant receivedAt);

    /** Keeps a payload that failed validation, with the reason, for inspection. Never throws. */
    void deadLetter(String topic, byte[] payload, String reason, Instant receivedAt);

    long deadLetterCount();

    List<DeadLetter> deadLetters(int max);

    List<AlarmRecord> alarms(boolean openOnly, int max);

    Optional<AlarmRecord> alarm(AlarmId id);

    /** Moves an alarm along its lifecycle; illegal moves (reopening a closed alarm) return empty. */
    Optional<AlarmRecord> transition(AlarmId id, AlarmState to, String by, String note, Instant at);

    /**
     * Hubs that missed three heartbeats and have not been alarmed for this silence yet: marks them offline and
     * raises one HUB_OFFLINE alarm each (DESIGN.md: "the cloud raises hub offline after 3 missed"), which a person
     * must acknowledge like any other alarm; returns those alarms. Any later message from the hub re-arms it.
     */
    List<AlarmRecord> markOverdueHubsOffline(Instant now);

    List<HubRecord> hubs();

    long readingCount();

    @Override
    void close();

    record DeadLetter(long id, String topic, Instant receivedAt, String reason, int size) {
    }

    record HubRecord(String tenant, String hub, Instant lastSeen, int heartbeatS, boolean online) {
    }
}
