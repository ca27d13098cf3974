package org.hearthgate.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.relay.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two relays on one database (each with its own pool, as two processes would be), several threads each, doing the
 * same work at the same moment: a redelivered message is stored once and both relays answer "stored", a silence
 * raises one alarm, an alarm is acknowledged once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Database.Dialect.class)
class TwoRelaysOnOneDatabaseIT {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final int THREADS_PER_RELAY = 2;
    private static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    Database.Dialect dialect;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private JdbcRelayStore relayA;
    private JdbcRelayStore relayB;
    private Database db;
    private ExecutorService threads;

    @BeforeEach
    void twoRelays() {
        String spec = DATABASES.newSpec(dialect, dir);
        Database a = Database.open(spec);
        Database b = Database.open(spec);
        open.add(a);
        open.add(b);
        db = a;
        relayA = new JdbcRelayStore(a);
        relayB = new JdbcRelayStore(b);
        threads = Executors.newFixedThreadPool(2 * THREADS_PER_RELAY);
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @AfterAll
    static void stopPostgres() {
        DATABASES.close();
    }

    /** Runs {@code work(store, worker)} on every thread of both relays, all released at once; their answers. */
    private <T> List<T> atOnce(WorkerTask<T> work) throws Exception {
        int workers = 2 * THREADS_PER_RELAY;
        CyclicBarrier start = new CyclicBarrier(workers);
        List<Future<T>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            JdbcRelayStore store = w % 2 == 0 ? relayA : relayB;
            int worker = w;
            Callable<T> task = () -> {
                start.await(30, TimeUnit.SECONDS);
                return work.run(store, worker);
            };
            futures.add(threads.submit(task));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(120, TimeUnit.SECONDS));
        }
        return out;
    }

    @FunctionalInterface
    private interface WorkerTask<T> {
        T run(JdbcRelayStore store, int worker) throws Exception;
    }

    private static Message message(String hub, long seq, Payload body) {
        return new Message(1, MessageId.random(), HubId.of(hub), seq, T0, body);
    }

    @Test
    void aMessageRedeliveredToBothRelaysAtOnceIsStoredOnceAndBothSayStored() throws Exception {
        List<RelayStore.Inbound> messages = new ArrayList<>();
        int alarms = 0;
        int readings = 0;
        for (int i = 0; i < 400; i++) {
            String hub = "hub-" + (i % 8);
            ResidentId resident = ResidentId.of("res-" + (i % 8));
            Payload body = switch (i % 4) {
                case 0 -> new AlarmRaised(AlarmId.of("alarm-" + i), resident, EventCode.PERSONAL_TRIGGER,
                        Priority.CRITICAL, "PERSONAL_TRIGGER/p", DeviceId.of("p"), "pendant pressed", null);
                case 1 -> JdbcRelayStoreIT.reading(T0.plusMillis(i));
                case 2 -> new Event(resident, EventCode.BATTERY_LOW, Priority.LOW, DeviceId.of("p"), "battery low");
                default -> new Heartbeat(60, i, 0, 0, "x");
            };
            alarms += i % 4 == 0 ? 1 : 0;
            readings += i % 4 == 1 ? 1 : 0;
            messages.add(new RelayStore.Inbound(TENANT, message(hub, i, body), T0.plusMillis(i)));
        }

        // every thread of both relays gets all of them, in its own order and batches
        List<Map<MessageId, Boolean>> answers = atOnce((store, worker) -> {
            List<RelayStore.Inbound> mine = new ArrayList<>(messages);
            Collections.shuffle(mine, new Random(worker));
            Map<MessageId, Boolean> fresh = new HashMap<>();
            for (int from = 0; from < mine.size(); from += 50) {
                List<RelayStore.Inbound> batch = mine.subList(from, Math.min(mine.size(), from + 50));
                List<RelayStore.Result> results = store.ingest(batch);
                for (int i = 0; i < batch.size(); i++) {
                    assertThat(results.get(i)).isInstanceOf(RelayStore.Result.Stored.class);
                    fresh.put(batch.get(i).message().id(), ((RelayStore.Result.Stored) results.get(i)).fresh());
                }
            }
            return fresh;
        });

        for (RelayStore.Inbound in : messages) {
            assertThat(answers).as("stored fresh by exactly one thread of one relay")
                    .filteredOn(a -> a.get(in.message().id())).hasSize(1);
        }
        assertThat(relayB.readingCount()).isEqualTo(readings);
        assertThat(relayB.alarms(false, 1_000)).hasSize(alarms);
        assertThat(count("SELECT count(*) FROM alarm_log WHERE state = 'RECEIVED'")).isEqualTo(alarms);
        assertThat(count("SELECT count(*) FROM events")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM messages")).isEqualTo(400);
        assertThat(relayA.hubs()).hasSize(8).allSatisfy(h -> assertThat(h.online()).isTrue());
    }

    @Test
    void supervisionOnBothRelaysAtOnceRaisesOneAlarmPerSilence() throws Exception {
        List<RelayStore.Inbound> heartbeats = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            heartbeats.add(new RelayStore.Inbound(TENANT, message("hub-" + i, 1, new Heartbeat(60, 1, 0, 0, "x")), T0));
        }
        relayA.ingest(heartbeats);

        List<List<AlarmRecord>> offline = atOnce((store, worker) -> store.markOverdueHubsOffline(T0.plusSeconds(181)));
        assertThat(offline.stream().flatMap(List::stream).map(AlarmRecord::hub))
                .as("one HUB_OFFLINE per silent hub, whichever relay raised it").hasSize(40).doesNotHaveDuplicates();
        assertThat(relayB.alarms(true, 1_000)).filteredOn(a -> a.code() == EventCode.HUB_OFFLINE).hasSize(40);

        List<List<AlarmRecord>> missing = atOnce((store, worker) -> store.markMissingTestTransmissions(
                T0.plus(Duration.ofHours(26)), Duration.ofHours(25)));
        assertThat(missing.stream().flatMap(List::stream).map(AlarmRecord::hub))
                .as("one PERIODIC_TEST_MISSING per late hub").hasSize(40).doesNotHaveDuplicates();
        assertThat(relayB.alarms(true, 1_000)).filteredOn(a -> a.code() == EventCode.PERIODIC_TEST_MISSING)
                .hasSize(40);
    }

    @Test
    void twoRespondersOnTwoRelaysAcknowledgingTheSameAlarmMoveItOnce() throws Exception {
        List<AlarmId> ids = new ArrayList<>();
        List<RelayStore.Inbound> raised = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            AlarmId id = AlarmId.of("alarm-" + i);
            ids.add(id);
            raised.add(new RelayStore.Inbound(TENANT, message("hub-" + i, 1, new AlarmRaised(id,
                    ResidentId.of("res-" + i), EventCode.FALL_DETECTED, Priority.CRITICAL, "FALL_DETECTED/f", DeviceId.of("f"), "fall",
                    null)), T0));
        }
        relayA.ingest(raised);

        List<List<AlarmId>> acked = atOnce((store, worker) -> {
            List<AlarmId> mine = new ArrayList<>(ids);
            Collections.shuffle(mine, new Random(worker));
            List<AlarmId> moved = new ArrayList<>();
            for (AlarmId id : mine) {
                if (store.transition(id, AlarmState.ACKNOWLEDGED, "responder-" + worker, null, T0).isPresent()) {
                    moved.add(id);
                }
            }
            return moved;
        });
        assertThat(acked.stream().flatMap(List::stream)).hasSize(30).doesNotHaveDuplicates();
        assertThat(count("SELECT count(*) FROM alarm_log WHERE state = 'ACKNOWLEDGED'")).isEqualTo(30);
        for (AlarmId id : ids) {
            AlarmRecord a = relayB.alarm(id).orElseThrow();
            int winner = -1;
            for (int w = 0; w < acked.size(); w++) {
                winner = acked.get(w).contains(id) ? w : winner;
            }
            assertThat(a.acknowledgedBy()).as("the one who moved it").isEqualTo("responder-" + winner);
        }
    }

    private long count(String sql) {
        return db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
