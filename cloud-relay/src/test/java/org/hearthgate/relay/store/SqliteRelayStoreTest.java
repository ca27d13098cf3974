package org.hearthgate.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRelayStoreTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-1");
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    @TempDir
    Path dir;

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
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
            Message m = message(pendant(AlarmId.of("a-1")), T0);
            assertThat(store.ingest(TENANT, m, T0)).isTrue();
            assertThat(store.ingest(TENANT, m, T0.plusSeconds(1))).as("the redelivery is a duplicate").isFalse();
            assertThat(store.alarms(false, 10)).hasSize(1);
        }
    }

    @Test
    void anOldCriticalAlarmIsNeverCrowdedOutOfTheOpenQueueByNewerLowerOnes() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
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
    }

    @Test
    void theLifecycleOnlyMovesForwardAndAWorseningRaisesThePriority() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
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
    }

    @Test
    void aHubThatMissesThreeHeartbeatsRaisesOneOfflineAlarmAndIsReArmedWhenHeard() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
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
    }

    private static Message from(String hub, Payload body, Instant at) {
        return new Message(1, MessageId.random(), HubId.of(hub), 1, at, body);
    }

    @Test
    void aHubCannotCancelOrResolveAnotherHubsAlarmInAnyTenant() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
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
    }

    @Test
    void idempotencyIsPerHubSoOneHubsIdsNeverShadowAnothers() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
            MessageId shared = MessageId.random();
            var a = new Message(1, shared, HubId.of("hub-a"), 1, T0, new Heartbeat(60, 1, 0, 0, "x"));
            var b = new Message(1, shared, HubId.of("hub-b"), 1, T0, new Heartbeat(60, 1, 0, 0, "x"));
            assertThat(store.ingest(TENANT, a, T0)).isTrue();
            assertThat(store.ingest(TENANT, b, T0)).as("hub B's message is not a duplicate of hub A's").isTrue();
            assertThat(store.ingest(TENANT, b, T0)).isFalse();
        }
    }

    @Test
    void offlineAlarmIdsCannotBeGuessedInAdvance() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
            store.ingest(TENANT, message(new Heartbeat(60, 10, 0, 0, "x"), T0), T0);
            AlarmId first = store.markOverdueHubsOffline(T0.plusSeconds(181)).get(0).id();
            assertThat(first.value()).doesNotContain(TENANT.value()).doesNotContain(HUB.value())
                    .doesNotContain(String.valueOf(T0.toEpochMilli()));
        }
    }

    @Test
    void theOpenQueueIsOrderedByTheCloudsReceiveTimeNeverByTheHubsClock() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
            store.ingest(TENANT, message(pendant(AlarmId.of("real")), T0), T0);
            for (int i = 0; i < 50; i++) {
                store.ingest(TENANT, message(pendant(AlarmId.of("year-one-" + i)), Instant.parse("0001-01-01T00:00:00Z")),
                        T0.plusSeconds(1 + i));
            }
            assertThat(store.alarms(true, 10).get(0).id().value()).isEqualTo("real");
        }
    }

    @Test
    void deadLettersKeepAHeadAndAHashAndCountARedeliveryOnce() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
            byte[] big = new byte[1 << 20];
            java.util.Arrays.fill(big, (byte) 'x');
            assertThat(store.deadLetter(List.of(new RelayStore.Rejected("t/1", big, "too big", T0)))).isEqualTo(1);
            assertThat(store.deadLetter(List.of(new RelayStore.Rejected("t/1", big, "too big", T0))))
                    .as("the broker delivered it again").isZero();
            RelayStore.DeadLetter d = store.deadLetters(1).get(0);
            assertThat(d.size()).isEqualTo(1 << 20);
            assertThat(d.sha256()).hasSize(64);
            assertThat(dir.resolve("r.db").toFile().length()).isLessThan(1 << 20);
            store.deadLetter(List.of(new RelayStore.Rejected("t/2", new byte[] {1}, "old", T0.minusSeconds(3600))));
            assertThat(store.purgeDeadLetters(T0.minusSeconds(60), 100)).isEqualTo(1);
            assertThat(store.deadLetterCount()).isEqualTo(1);
        }
    }

    @Test
    void aHeartbeatWhoseSequenceGoesBackwardsIsFlagged() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
            var hb = new Heartbeat(60, 10, 0, 0, "x");
            assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), HUB,
                    50, T0, hb), T0)))).singleElement().isEqualTo(new RelayStore.Result.Stored(true, false));
            assertThat(store.ingest(List.of(new RelayStore.Inbound(TENANT, new Message(1, MessageId.random(), HUB,
                    7, T0, hb), T0)))).singleElement().isEqualTo(new RelayStore.Result.Stored(true, true));
        }
    }

    @Test
    void theStoreFileIsPrivate() throws Exception {
        Path file = dir.resolve("private/r.db");
        try (SqliteRelayStore store = new SqliteRelayStore(file)) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertThat(java.nio.file.Files.getPosixFilePermissions(file.getParent()))
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileFromTheFirstReleaseIsMigratedNotRecreated() throws Exception {
        Path file = dir.resolve("old.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("CREATE TABLE messages(id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, seq INTEGER "
                    + "NOT NULL, channel TEXT NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL)");
            s.execute("CREATE TABLE alarms(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, resident "
                    + "TEXT NOT NULL, code TEXT NOT NULL, priority TEXT NOT NULL, state TEXT NOT NULL, summary TEXT NOT "
                    + "NULL, dedup_key TEXT NOT NULL, raised_at INTEGER NOT NULL, received_at INTEGER NOT NULL, acked_at "
                    + "INTEGER, acked_by TEXT, closed_at INTEGER, payload TEXT NOT NULL)");
            s.execute("CREATE TABLE alarm_log(id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL, at INTEGER "
                    + "NOT NULL, state TEXT NOT NULL, by TEXT, note TEXT)");
            s.execute("CREATE TABLE readings(message_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, "
                    + "resident TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, hub_received_at INTEGER, payload "
                    + "TEXT NOT NULL)");
            s.execute("CREATE TABLE events(message_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, hub TEXT NOT NULL, "
                    + "resident TEXT, code TEXT NOT NULL, priority TEXT NOT NULL, at INTEGER NOT NULL, payload TEXT NOT NULL)");
            s.execute("CREATE TABLE hubs(tenant TEXT NOT NULL, hub TEXT NOT NULL, last_seen INTEGER NOT NULL, heartbeat_s "
                    + "INTEGER NOT NULL, online INTEGER NOT NULL, resident TEXT, silence_alarm TEXT, PRIMARY KEY(tenant, hub))");
            s.execute("CREATE TABLE dead_letters(id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT, received_at INTEGER "
                    + "NOT NULL, reason TEXT NOT NULL, payload BLOB)");
            s.execute("INSERT INTO messages VALUES('m-1','acme','hub-1',1,'reading',1,1)");
            s.execute("INSERT INTO readings VALUES('m-1','acme','hub-1','res-1','spo2',1,null,'{}')");
            s.execute("INSERT INTO alarms VALUES('a-old','acme','hub-1','res-1','PERSONAL_TRIGGER','CRITICAL','RECEIVED',"
                    + "'pendant','k',1,1,null,null,null,'{}')");
            s.execute("INSERT INTO hubs VALUES('acme','hub-1',1,60,1,'res-1',null)");
            s.execute("INSERT INTO dead_letters(topic, received_at, reason, payload) VALUES('t',1,'bad',zeroblob(100000))");
        }
        try (SqliteRelayStore store = new SqliteRelayStore(file)) {
            assertThat(store.readingCount()).isEqualTo(1);
            assertThat(store.alarm(AlarmId.of("a-old"))).isPresent();
            assertThat(store.deadLetters(1).get(0).size()).isEqualTo(100_000);
            assertThat(store.registrations()).extracting(RelayStore.Registered::hub).containsExactly("hub-1");
            assertThat(store.ingest(TENANT, new Message(1, MessageId.of("m-1"), HUB, 1, T0,
                    new Heartbeat(60, 1, 0, 0, "x")), T0)).as("the old message is still known").isFalse();
        }
        try (SqliteRelayStore again = new SqliteRelayStore(file)) {
            assertThat(again.readingCount()).as("opening twice migrates once").isEqualTo(1);
        }
    }

    @Test
    void aHubWhoseDailyTestTransmissionIsLateRaisesOneAlarmUntilTheNextTest() {
        try (SqliteRelayStore store = new SqliteRelayStore(dir.resolve("r.db"))) {
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
    }
}
