package org.hearthgate.relay.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.wire.Message;

/**
 * The cloud's SQL store: alarms and their audit trail, events, readings (when no InfluxDB is configured), hubs, hub
 * registrations, and the dead-letter store. Every write is idempotent by (tenant, hub, message id): a message
 * delivered twice is stored once, and one hub's ids never collide with another's.
 */
public interface RelayStore extends AutoCloseable {

    /** One validated up message, bound to the tenant and hub of the topic it arrived on. */
    record Inbound(TenantId tenant, Message message, Instant receivedAt) {
    }

    /** What became of one message of a batch. */
    sealed interface Result {
        /**
         * Stored now ({@code fresh}) or already stored before (a duplicate: equally final); {@code seqRegressed} when
         * a hub's in-order message (heartbeat, status) carried a lower sequence number than the one before.
         */
        record Stored(boolean fresh, boolean seqRegressed) implements Result {
            public Stored(boolean fresh) {
                this(fresh, false);
            }
        }

        /** Valid on the wire but refused by the store's rules (e.g. an update to another hub's alarm): final. */
        record Refused(String reason) implements Result {
        }

        /** The store could not take it, after retries: not final, the hub's own resend may yet succeed. */
        record Failed(String reason) implements Result {
        }
    }

    /** Stores a batch of validated messages in one transaction; one result per message, in order. */
    List<Result> ingest(List<Inbound> batch);

    /** One message on its own; true when it was stored now (not a duplicate, not refused). */
    default boolean ingest(TenantId tenant, Message message, Instant receivedAt) {
        return ingest(List.of(new Inbound(tenant, message, receivedAt))).get(0) instanceof Result.Stored s
                && s.fresh();
    }

    /** A message the relay would not take: the reason, its size, a hash, and at most the first few KiB. */
    record Rejected(String topic, byte[] payload, String reason, Instant receivedAt) {
    }

    /**
     * Keeps rejected messages for inspection, in one transaction. Returns how many were new: the same bytes on the
     * same topic again (a redelivery) are counted once.
     */
    int deadLetter(List<Rejected> rejected);

    default void deadLetter(String topic, byte[] payload, String reason, Instant receivedAt) {
        deadLetter(List.of(new Rejected(topic, payload, reason, receivedAt)));
    }

    long deadLetterCount();

    List<DeadLetter> deadLetters(int max);

    /** Deletes dead letters received before {@code cutoff} and keeps at most {@code max}; returns how many went. */
    int purgeDeadLetters(Instant cutoff, int max);

    List<AlarmRecord> alarms(boolean openOnly, int max);

    /**
     * The alarms of one tenant, optionally of some residents only, filtered in the store (never a whole table read
     * and filtered in memory, which would also miss alarms beyond any fixed cap).
     *
     * @param residents null: every resident of the tenant; otherwise these only (empty: none)
     * @param openOnly  open alarms, most urgent and oldest first (the queue's order); otherwise newest first
     */
    record AlarmQuery(TenantId tenant, java.util.Set<org.hearthgate.contract.ResidentId> residents, boolean openOnly,
            int limit) {
        public AlarmQuery {
            java.util.Objects.requireNonNull(tenant, "tenant");
            residents = residents == null ? null : java.util.Set.copyOf(residents);
            if (limit < 1) {
                throw new IllegalArgumentException("limit: at least 1");
            }
        }
    }

    /** At most {@code limit} alarms and how many match in all (for paging). */
    record AlarmPage(List<AlarmRecord> alarms, long total) {
        public AlarmPage {
            alarms = List.copyOf(alarms);
        }
    }

    AlarmPage alarms(AlarmQuery query);

    /** Open alarms counted by priority, and when the oldest one nobody has acknowledged arrived (null: none). */
    record OpenAlarms(java.util.Map<org.hearthgate.contract.alarm.Priority, Long> byPriority,
            Instant oldestUnacknowledged) {
        public OpenAlarms {
            byPriority = java.util.Map.copyOf(byPriority);
        }
    }

    /** The operator's figures over all tenants, counted in the store. */
    OpenAlarms openAlarms();

    Optional<AlarmRecord> alarm(AlarmId id);

    /** Moves an alarm along its lifecycle; illegal moves (reopening a closed alarm) return empty. */
    Optional<AlarmRecord> transition(AlarmId id, AlarmState to, String by, String note, Instant at);

    /**
     * Hubs that missed three heartbeats and have not been alarmed for this silence yet: marks them offline and
     * raises one HUB_OFFLINE alarm each (DESIGN.md: "the cloud raises hub offline after 3 missed"), which a person
     * must acknowledge like any other alarm; returns those alarms. Any later message from the hub re-arms it.
     */
    List<AlarmRecord> markOverdueHubsOffline(Instant now);

    /**
     * Hubs whose periodic test transmission (the hub sends one a day by default) has not arrived for {@code gap} and
     * have not been alarmed for it yet: raises one PERIODIC_TEST_MISSING alarm each and returns them. The next test
     * transmission re-arms the hub. A hub never heard from is timed from when it was first seen.
     */
    List<AlarmRecord> markMissingTestTransmissions(Instant now, java.time.Duration gap);

    List<HubRecord> hubs();

    long readingCount();

    /** Registration: only confirmed hubs are ingested. */
    enum Registration { CONFIRMED, PENDING }

    record Registered(String tenant, String hub, Registration state, Instant since) {
    }

    /** Confirms a hub (from the configuration or an admin). Idempotent. */
    default void register(TenantId tenant, String hub, Instant at) {
        registerAll(java.util.Map.of(tenant, java.util.List.of(org.hearthgate.contract.HubId.of(hub))), at);
    }

    /** Confirms many hubs in one transaction. Idempotent. */
    void registerAll(java.util.Map<TenantId, java.util.List<org.hearthgate.contract.HubId>> hubs, Instant at);

    /** Notes a hub that spoke without being registered, for an admin to confirm; bounded. */
    void notePending(TenantId tenant, String hub, Instant at);

    List<Registered> registrations();

    @Override
    void close();

    record DeadLetter(long id, String topic, Instant receivedAt, String reason, int size, String sha256) {
    }

    record HubRecord(String tenant, String hub, Instant lastSeen, int heartbeatS, boolean online) {
    }
}
