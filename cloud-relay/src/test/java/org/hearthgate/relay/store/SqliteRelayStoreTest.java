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
}
