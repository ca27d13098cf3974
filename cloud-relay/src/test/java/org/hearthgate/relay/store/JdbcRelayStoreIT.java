package org.hearthgate.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The relay store's behaviour, the same on SQLite and on a real PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Database.Dialect.class)
class JdbcRelayStoreIT {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-1");
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dir;

    private Database db;
    private JdbcRelayStore store;

    @BeforeEach
    void openStore() {
        db = Database.open(DATABASES.newSpec(dialect, dir));
        store = new JdbcRelayStore(db);
    }

    @AfterEach
    void closeStore() {
        store.close();
        db.close();
    }

    @AfterAll
    static void stopPostgres() {
        DATABASES.close();
    }

    private static Message message(Payload body, Instant at) {
        return new Message(1, MessageId.random(), HUB, 1, at, body);
    }

    private static AlarmRaised pendant(AlarmId id) {
        return new AlarmRaised(id, ResidentId.of("res-1"), EventCode.PERSONAL_TRIGGER, Priority.CRITICAL,
                "PERSONAL_TRIGGER/pendant-1", DeviceId.of("pendant-1"), "pendant pressed",
                new PendantPress(DeviceId.of("pendant-1"), T0));
    }

    @Test
    void aMessageDeliveredTwiceIsStoredOnce() {
        Message m = message(pendant(AlarmId.of("a-1")), T0);
        assertThat(store.ingest(TENANT, m, T0)).isTrue();
        assertThat(store.ingest(TENANT, m, T0.plusSeconds(1))).as("the redelivery is a duplicate").isFalse();
        assertThat(store.alarms(false, 10)).hasSize(1);
    }

    @Test
    void anOldCriticalAlarmIsNeverCrowdedOutOfTheOpenQueueByNewerLowerOnes() {
        store.ingest(TENANT, message(pendant(AlarmId.of("critical-old")), T0), T0);
        for (int i = 0; i < 30; i++) {
            AlarmRaised low = new AlarmRaised(AlarmId.of("low-" + i), ResidentId.of("res-1"),
                    EventCode.MISSED_MEASUREMENT, Priority.LOW, "missed/" + i, null, "reading missed", null);
            store.ingest(TENANT, message(low, T0.plusSeconds(60 + i)), T0.plusSeconds(60 + i));
        }
        List<AlarmRecord> top = store.alarms(true, 10);
        assertThat(top).hasSize(10);
        assertThat(top.get(0).id().value()).isEqualTo("critical-old");
        assertThat(top.subList(1, 10)).extracting(a -> a.id().value())
                .containsExactly("low-0", "low-1", "low-2", "low-3", "low-4", "low-5", "low-6", "low-7", "low-8");
    }

    @Test
    void aQueryReturnsOneTenantsAndSomeResidentsAlarmsFilteredInTheStoreWithTheirTotal() {
        TenantId other = TenantId.of("other");
        for (int i = 0; i < 12; i++) {
            AlarmRaised a = new AlarmRaised(AlarmId.of("r" + (i % 3) + "-" + i), ResidentId.of("res-" + (i % 3)),
                    EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "p/" + i, null, "pressed", null);
            store.ingest(TENANT, message(a, T0.plusSeconds(i)), T0.plusSeconds(i));
        }
        store.ingest(other, Message.of(HubId.of("hub-9"), 1, T0, new AlarmRaised(AlarmId.of("elsewhere"),
                ResidentId.of("res-1"), EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "x", null, "pressed", null)), T0);
        store.transition(AlarmId.of("r1-1"), AlarmState.RESOLVED, "sam", null, T0.plusSeconds(30));

        var one = store.alarms(new RelayStore.AlarmQuery(TENANT, Set.of(ResidentId.of("res-1")), true, 100));
        assertThat(one.alarms()).extracting(a -> a.id().value()).containsExactly("r1-4", "r1-7", "r1-10");
        assertThat(one.total()).isEqualTo(3);
        var all = store.alarms(new RelayStore.AlarmQuery(TENANT, null, false, 5));
        assertThat(all.alarms()).hasSize(5).allMatch(a -> a.tenant().equals(TENANT.value()));
        assertThat(all.alarms().get(0).id().value()).as("newest first").isEqualTo("r2-11");
        assertThat(all.total()).as("the total counts beyond the page").isEqualTo(12);
        assertThat(store.alarms(new RelayStore.AlarmQuery(other, null, true, 10)).alarms())
                .extracting(a -> a.id().value()).containsExactly("elsewhere");
        assertThat(store.alarms(new RelayStore.AlarmQuery(TENANT, Set.of(), true, 10)).alarms()).isEmpty();

        RelayStore.OpenAlarms figures = store.openAlarms();
        assertThat(figures.byPriority()).as("over every tenant, the resolved one not counted")
                .isEqualTo(Map.of(Priority.CRITICAL, 12L));
        assertThat(figures.oldestUnacknowledged()).isEqualTo(T0);
        store.transition(AlarmId.of("r0-0"), AlarmState.ACKNOWLEDGED, "sam", null, T0.plusSeconds(40));
        store.transition(AlarmId.of("elsewhere"), AlarmState.ACKNOWLEDGED, "sam", null, T0.plusSeconds(40));
        assertThat(store.openAlarms().oldestUnacknowledged()).as("an acknowledged alarm is not waiting")
                .isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void theLifecycleOnlyMovesForwardAndAWorseningRaisesThePriority() {
        AlarmId id = AlarmId.of("a-2");
        AlarmRaised raised = new AlarmRaised(id, ResidentId.of("res-1"), EventCode.VITAL_SIGN, Priority.HIGH,
                "spo2", null, "SpO2 low", null);
        store.ingest(TENANT, message(raised, T0), T0);
        store.ingest(TENANT, message(new AlarmUpdate(id, AlarmState.RAISED, Priority.CRITICAL, "worse"), T0), T0);
        assertThat(store.alarm(id).orElseThrow().priority()).isEqualTo(Priority.CRITICAL);
        assertThat(store.transition(id, AlarmState.ACKNOWLEDGED, "ops", null, T0)).isPresent();
        assertThat(store.transition(id, AlarmState.RESOLVED, "ops", null, T0)).isPresent();
        assertThat(store.transition(id, AlarmState.ACKNOWLEDGED, "ops", null, T0))
                .as("a closed alarm never reopens").isEmpty();
        assertThat(store.alarms(true, 10)).isEmpty();
    }

    @Test
    void aHubThatMissesThreeHeartbeatsRaisesOneOfflineAlarmAndIsReArmedWhenHeard() {
        store.ingest(TENANT, message(pendant(AlarmId.of("a-3")), T0), T0);
        store.ingest(TENANT, message(new Heartbeat(60, 10, 0, 0, "x"), T0), T0);
        // its Last Will marks it offline for the console but pages nobody
        store.ingest(TENANT, message(new HubStatus(false), T0), T0.plusSeconds(5));
        assertThat(store.markOverdueHubsOffline(T0.plusSeconds(180))).as("3 x 60 s: not yet").isEmpty();
        assertThat(store.markOverdueHubsOffline(T0.plusSeconds(181))).hasSize(1);
        assertThat(store.markOverdueHubsOffline(T0.plusSeconds(900))).as("one alarm per silence").isEmpty();
        List<AlarmRecord> offline = store.alarms(true, 10).stream()
                .filter(a -> a.code() == EventCode.HUB_OFFLINE).toList();
        assertThat(offline).singleElement().satisfies(a -> {
            assertThat(a.hub()).isEqualTo("hub-1");
            assertThat(a.resident()).isEqualTo("res-1");
            assertThat(a.state()).isEqualTo(AlarmState.RECEIVED);
        });
        assertThat(store.hubs()).singleElement().satisfies(h -> assertThat(h.online()).isFalse());

        // heard again: online, and a later silence raises a new alarm
        store.ingest(TENANT, message(new Heartbeat(60, 10, 0, 0, "x"), T0.plusSeconds(1000)), T0.plusSeconds(1000));
        assertThat(store.hubs()).singleElement().satisfies(h -> assertThat(h.online()).isTrue());
        assertThat(store.markOverdueHubsOffline(T0.plusSeconds(1181))).hasSize(1);
        assertThat(store.alarms(true, 10)).filteredOn(a -> a.code() == EventCode.HUB_OFFLINE).hasSize(2);
    }

    private static Message from(String hub, Payload body, Instant at) {
        return new Message(1, MessageId.random(), HubId.of(hub), 1, at, body);
    }

    @Test
    void aHubCannotCancelOrResolveAnotherHubsAlarmInAnyTenant() {
        AlarmId id = AlarmId.of("victim-alarm");
        store.ingest(TENANT, message(pendant(id), T0), T0);
        for (AlarmState s : List.of(AlarmState.CANCELLED, AlarmState.RESOLVED)) {
            var evil = new AlarmUpdate(id, s, Priority.CRITICAL, "not mine");
            assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, from("hub-evil", evil, T0), T0))))
                    .singleElement().isInstanceOf(RelayStore.Result.Refused.class);
            assertThat(store.ingest(List.of(new RelayStore.Inbound(TenantId.of("other"),
                    new Message(1, MessageId.random(), HUB, 2, T0, evil), T0))))
                    .as("the same hub id in another tenant is another hub")
                    .singleElement().isInstanceOf(RelayStore.Result.Refused.class);
        }
        assertThat(store.alarm(id).orElseThrow().state()).isEqualTo(AlarmState.RECEIVED);
        assertThat(store.alarm(id).orElseThrow().acknowledgedBy()).isNull();
        // its own hub may cancel it
        store.ingest(TENANT, message(new AlarmUpdate(id, AlarmState.CANCELLED, Priority.CRITICAL, "false press"),
                T0), T0);
        assertThat(store.alarm(id).orElseThrow().state()).isEqualTo(AlarmState.CANCELLED);
    }

    @Test
    void idempotencyIsPerHubSoOneHubsIdsNeverShadowAnothers() {
        MessageId shared = MessageId.random();
        var a = new Message(1, shared, HubId.of("hub-a"), 1, T0, new Heartbeat(60, 1, 0, 0, "x"));
        var b = new Message(1, shared, HubId.of("hub-b"), 1, T0, new Heartbeat(60, 1, 0, 0, "x"));
        assertThat(store.ingest(TENANT, a, T0)).isTrue();
        assertThat(store.ingest(TENANT, b, T0)).as("hub B's message is not a duplicate of hub A's").isTrue();
        assertThat(store.ingest(TENANT, b, T0)).isFalse();
    }

    @Test
    void offlineAlarmIdsCannotBeGuessedInAdvance() {
        store.ingest(TENANT, message(new Heartbeat(60, 10, 0, 0, "x"), T0), T0);
        AlarmId first = store.markOverdueHubsOffline(T0.plusSeconds(181)).get(0).id();
        assertThat(first.value()).doesNotContain(TENANT.value()).doesNotContain(HUB.value())
                .doesNotContain(String.valueOf(T0.toEpochMilli()));
    }

    @Test
    void theOpenQueueIsOrderedByTheCloudsReceiveTimeNeverByTheHubsClock() {
        store.ingest(TENANT, message(pendant(AlarmId.of("real")), T0), T0);
        for (int i = 0; i < 50; i++) {
            store.ingest(TENANT, message(pendant(AlarmId.of("year-one-" + i)), Instant.parse("0001-01-01T00:00:00Z")),
                    T0.plusSeconds(1 + i));
        }
        assertThat(store.alarms(true, 10).get(0).id().value()).isEqualTo("real");
    }

    @Test
    void deadLettersKeepAHeadAndAHashAndCountARedeliveryOnce() {
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        assertThat(store.deadLetter(List.of(new RelayStore.Rejected("t/1", big, "too big", T0)))).isEqualTo(1);
        assertThat(store.deadLetter(List.of(new RelayStore.Rejected("t/1", big, "too big", T0))))
                .as("the broker delivered it again").isZero();
        RelayStore.DeadLetter d = store.deadLetters(1).get(0);
        assertThat(d.size()).isEqualTo(1 << 20);
        assertThat(d.sha256()).hasSize(64);
        assertThat(deadLetterBytes()).as("only the head is kept").isLessThan(1 << 20);
        store.deadLetter(List.of(new RelayStore.Rejected("t/2", new byte[] {1}, "old", T0.minusSeconds(3600))));
        assertThat(store.purgeDeadLetters(T0.minusSeconds(60), 100)).isEqualTo(1);
        assertThat(store.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void aHeartbeatWhoseSequenceGoesBackwardsIsFlagged() {
        var hb = new Heartbeat(60, 10, 0, 0, "x");
        assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), HUB,
                50, T0, hb), T0)))).singleElement().isEqualTo(new RelayStore.Result.Stored(true, false));
        assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), HUB,
                7, T0, hb), T0)))).singleElement().isEqualTo(new RelayStore.Result.Stored(true, true));
    }

    @Test
    void aHubWhoseDailyTestTransmissionIsLateRaisesOneAlarmUntilTheNextTest() {
        java.time.Duration gap = java.time.Duration.ofHours(25);
        Event test = new Event(org.hearthgate.contract.ResidentId.of("res-1"), EventCode.TEST_TRANSMISSION,
                Priority.INFO, null, "daily test");
        store.ingest(TENANT, message(test, T0), T0);
        assertThat(store.markMissingTestTransmissions(T0.plus(java.time.Duration.ofHours(24)), gap)).isEmpty();
        // readings and heartbeats keep coming, but no test: the paths are not proven
        store.ingest(TENANT, message(new Heartbeat(60, 10, 0, 0, "x"), T0), T0.plus(java.time.Duration.ofHours(26)));
        List<AlarmRecord> late = store.markMissingTestTransmissions(T0.plus(java.time.Duration.ofHours(26)), gap);
        assertThat(late).singleElement().satisfies(a -> {
            assertThat(a.code()).isEqualTo(EventCode.PERIODIC_TEST_MISSING);
            assertThat(a.hub()).isEqualTo("hub-1");
        });
        assertThat(store.markMissingTestTransmissions(T0.plus(java.time.Duration.ofHours(40)), gap))
                .as("one alarm per lateness").isEmpty();
        store.ingest(TENANT, message(test, T0), T0.plus(java.time.Duration.ofHours(41)));
        assertThat(store.markMissingTestTransmissions(T0.plus(java.time.Duration.ofHours(60)), gap)).isEmpty();
        assertThat(store.markMissingTestTransmissions(T0.plus(java.time.Duration.ofHours(67)), gap)).hasSize(1);
    }

    static Reading reading(Instant at) {
        return new Reading(ResidentId.of("res-1"), new OxygenSaturation(DeviceId.of("ox"), at,
                Quantity.of(96, Ucum.PERCENT), null, null, Set.of()), at);
    }

    @Test
    void aBatchIsStoredWholeAndACopyInsideItIsADuplicate() {
        List<RelayStore.Inbound> batch = new ArrayList<>();
        for (int i = 0; i < 700; i++) { // more ids than one claim statement takes
            batch.add(new RelayStore.Inbound(TENANT, message(reading(T0.plusSeconds(i)), T0), T0));
        }
        batch.add(batch.get(7));
        List<RelayStore.Result> results = store.ingest(batch);
        assertThat(results).hasSize(701);
        assertThat(results.subList(0, 700)).containsOnly(new RelayStore.Result.Stored(true));
        assertThat(results.get(700)).isEqualTo(new RelayStore.Result.Stored(false));
        assertThat(store.readingCount()).isEqualTo(700);
        assertThat(store.ingest(batch)).as("the whole batch again").containsOnly(new RelayStore.Result.Stored(false));
        assertThat(store.readingCount()).isEqualTo(700);
        assertThat(store.hubs()).singleElement().satisfies(h -> {
            assertThat(h.online()).isTrue();
            assertThat(h.lastSeen()).isEqualTo(T0);
        });
    }

    @Test
    void anAlarmIdAnotherHubAlreadyRaisedIsRefusedNotMerged() {
        store.ingest(TENANT, message(pendant(AlarmId.of("a-shared")), T0), T0);
        assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, from("hub-2", pendant(AlarmId.of("a-shared")),
                T0), T0)))).singleElement().isInstanceOf(RelayStore.Result.Refused.class);
        assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, message(pendant(AlarmId.of("a-shared")), T0),
                T0)))).as("its own hub raising it again under a new message id").singleElement()
                .isEqualTo(new RelayStore.Result.Stored(false));
        assertThat(store.alarm(AlarmId.of("a-shared")).orElseThrow().hub()).isEqualTo("hub-1");
    }

    @Test
    void anUpdateThatOvertookItsAlarmIsNotFinalAndItsResendAppliesOnceTheAlarmIsHere() {
        AlarmId id = AlarmId.of("later");
        Message update = message(new AlarmUpdate(id, AlarmState.RAISED, Priority.CRITICAL, "worse"), T0);
        assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, update, T0), new RelayStore.Inbound(TENANT,
                update, T0)))).as("both copies wait for the alarm").hasSize(2)
                .allSatisfy(r -> assertThat(r).isInstanceOf(RelayStore.Result.Failed.class));
        store.ingest(TENANT, message(new AlarmRaised(id, ResidentId.of("res-1"), EventCode.VITAL_SIGN, Priority.HIGH,
                "spo2", null, "SpO2 low", null), T0), T0);
        assertThat(store.ingest(TENANT, update, T0.plusSeconds(1))).as("the hub's resend, same message id").isTrue();
        assertThat(store.alarm(id).orElseThrow().priority()).isEqualTo(Priority.CRITICAL);
    }

    @Test
    void aRefusedMessageIsRefusedAgainWhenRedelivered() {
        store.ingest(TENANT, message(pendant(AlarmId.of("mine")), T0), T0);
        Message evil = from("hub-evil", new AlarmUpdate(AlarmId.of("mine"), AlarmState.CANCELLED, Priority.CRITICAL,
                "not mine"), T0);
        for (int i = 0; i < 2; i++) {
            assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, evil, T0)))).singleElement()
                    .isInstanceOf(RelayStore.Result.Refused.class);
        }
    }

    @Test
    void registrationIsIdempotentAndKeepsWhenAHubWasFirstConfirmed() {
        store.registerAll(Map.of(TENANT, List.of(HubId.of("hub-b"), HubId.of("hub-a")), TenantId.of("zeta"),
                List.of(HubId.of("hub-a"))), T0);
        store.notePending(TENANT, "hub-new", T0.plusSeconds(1));
        store.registerAll(Map.of(TENANT, List.of(HubId.of("hub-a"), HubId.of("hub-new"))), T0.plusSeconds(60));
        assertThat(store.registrations()).containsExactly(
                new RelayStore.Registered("acme", "hub-a", RelayStore.Registration.CONFIRMED, T0),
                new RelayStore.Registered("acme", "hub-b", RelayStore.Registration.CONFIRMED, T0),
                new RelayStore.Registered("acme", "hub-new", RelayStore.Registration.CONFIRMED, T0.plusSeconds(60)),
                new RelayStore.Registered("zeta", "hub-a", RelayStore.Registration.CONFIRMED, T0));
    }

    @Test
    void pendingHubsAreBoundedOldestFirstAndConfirmedOnesNeverGo() {
        JdbcRelayStore bounded = new JdbcRelayStore(db, 3);
        bounded.register(TENANT, "hub-confirmed", T0);
        for (int i = 0; i < 6; i++) {
            bounded.notePending(TENANT, "stranger-" + i, T0.plusSeconds(i));
        }
        bounded.notePending(TENANT, "stranger-5", T0.plusSeconds(99));
        assertThat(bounded.registrations()).extracting(RelayStore.Registered::hub)
                .containsExactly("hub-confirmed", "stranger-3", "stranger-4", "stranger-5");
    }

    @Test
    void aLastWillAloneMarksTheHubOfflineAndTheNextMessageBringsItBack() {
        store.ingest(TENANT, message(reading(T0), T0), T0);
        store.ingest(TENANT, message(new HubStatus(false), T0), T0.plusSeconds(1));
        assertThat(store.hubs()).singleElement().satisfies(h -> assertThat(h.online()).isFalse());
        store.ingest(TENANT, message(reading(T0.plusSeconds(2)), T0), T0.plusSeconds(2));
        assertThat(store.hubs()).singleElement().satisfies(h -> {
            assertThat(h.online()).as("heard again within the touch interval").isTrue();
            assertThat(h.lastSeen()).isEqualTo(T0.plusSeconds(2));
        });
    }

    @Test
    void theAlarmLogRecordsEveryMoveInOrder() {
        AlarmId id = AlarmId.of("a-log");
        store.ingest(TENANT, message(pendant(id), T0), T0);
        store.transition(id, AlarmState.ACKNOWLEDGED, "ops", "on my way", T0.plusSeconds(5));
        store.transition(id, AlarmState.RESOLVED, "ops", "fine", T0.plusSeconds(60));
        assertThat(db.<List<String>>read(c -> {
            List<String> out = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT state, by, note FROM alarm_log WHERE alarm_id = ? ORDER BY id")) {
                s.setString(1, id.value());
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3));
                    }
                }
            }
            return out;
        })).containsExactly("RECEIVED/hub hub-1/null", "ACKNOWLEDGED/ops/on my way", "RESOLVED/ops/fine");
        AlarmRecord a = store.alarm(id).orElseThrow();
        assertThat(a.acknowledgedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(a.acknowledgedBy()).isEqualTo("ops");
        assertThat(a.closedAt()).isEqualTo(T0.plusSeconds(60));
    }

    /** What the dead-letter table takes on disk (for SQLite, the whole file). */
    private long deadLetterBytes() {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(dialect == Database.Dialect.POSTGRESQL
                    ? "SELECT pg_total_relation_size('dead_letters')"
                    : "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
