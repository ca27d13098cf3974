package org.hearthgate.relay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest pipeline on a real SQLite store: alarms first, poison never stops it, receipts only after storing. */
class IngestTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final WireCodec codec = new WireCodec();
    private final ManualClock clock = new ManualClock(NOW);
    private final RelayMetrics metrics = new RelayMetrics();
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;
    private GatedStore store;
    private Ingest ingest;

    @BeforeEach
    void start() {
        store = new GatedStore(JdbcRelayStore.open(dir.resolve("r.db").toString()));
        HubRegistry registry = new HubRegistry(store, clock);
        for (String h : List.of("hub-a", "hub-b")) {
            registry.register(TENANT, HubId.of(h));
        }
        ingest = new Ingest(store, registry, (t, h, body) -> receipts.add((Receipt) body), LiveFeed.NONE, metrics,
                clock, new Ingest.Limits(100, 200, 50, Instant.parse("2010-01-01T00:00:00Z"), Duration.ofDays(1), 3));
    }

    @AfterEach
    void stop() {
        store.gate.countDown();
        ingest.close();
        store.close();
    }

    @Test
    void anAlarmOvertakesEveryReadingStillQueued() throws Exception {
        store.closeGate();
        AtomicInteger acked = new AtomicInteger();
        for (int i = 0; i < 150; i++) {
            offer("hub-a", reading("hub-a"), acked);
        }
        await().until(() -> store.waiting.get() == 1); // the writer is inside its first batch of readings
        offer("hub-b", alarm("hub-b", "the-alarm"), acked);
        store.gate.countDown();
        await().until(() -> acked.get() == 151);
        int alarmBatch = store.batches.indexOf(Channel.ALARM);
        assertThat(alarmBatch).as("the alarm is written in the batch right after the one in progress").isEqualTo(1);
        assertThat(store.batches).hasSizeGreaterThan(2);
    }

    @Test
    void poisonOfEveryKindIsADeadLetterAndTheNextAlarmStillGetsThrough() {
        AtomicInteger acked = new AtomicInteger();
        byte[][] poison = {
            {0x00, 0x00, 0x00, 0x7B, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            "{\"v\":1,\"id\":\"m\",\"hub\":\"hub-a\",\"seq\":1,\"at\":1.0e16,\"body\":{\"type\":\"status\",\"online\":true}}"
                    .getBytes(StandardCharsets.UTF_8),
            new byte[0], "null".getBytes(StandardCharsets.UTF_8), "[[[[[[[[[[[[[[[[[[[[[[[[[[".getBytes(StandardCharsets.UTF_8)};
        for (byte[] p : poison) {
            ingest.offer(Topics.of(TENANT, HubId.of("hub-a"), Channel.ALARM).path(), p, acked::incrementAndGet);
        }
        ingest.offer("not/a/topic", new byte[] {1}, acked::incrementAndGet);
        offer("hub-b", alarm("hub-b", "after-poison"), acked);
        await().until(() -> acked.get() == poison.length + 2);
        assertThat(store.alarm(AlarmId.of("after-poison"))).isPresent();
        assertThat(metrics.rejected.get()).isEqualTo(poison.length + 1);
    }

    @Test
    void unregisteredHubsAndTenantsAreDeadLettersNeverAlarmsNorHubs() {
        AtomicInteger acked = new AtomicInteger();
        ingest.offer(Topics.of(TenantId.of("ghost"), HubId.of("hub-a"), Channel.ALARM).path(),
                codec.encode(message("hub-a", alarm("hub-a", "x"))), acked::incrementAndGet);
        ingest.offer(Topics.of(TENANT, HubId.of("hub-z"), Channel.ALARM).path(),
                codec.encode(message("hub-z", alarm("hub-z", "y"))), acked::incrementAndGet);
        await().until(() -> acked.get() == 2);
        assertThat(store.alarms(false, 10)).isEmpty();
        assertThat(store.hubs()).isEmpty();
        assertThat(store.markOverdueHubsOffline(NOW.plus(Duration.ofDays(1)))).isEmpty();
        assertThat(metrics.unregistered.get()).isEqualTo(2);
        assertThat(store.registrations()).filteredOn(r -> r.state() == RelayStore.Registration.PENDING).hasSize(2);
    }

    @Test
    void timesOutsideTheSaneWindowAreRefusedButAnAlarmIsKeptOnTheCloudsTime() {
        AtomicInteger acked = new AtomicInteger();
        for (Instant bad : List.of(Instant.parse("2500-01-01T00:00:00Z"), Instant.parse("1970-01-01T00:00:00Z"))) {
            Message m = new Message(1, org.hearthgate.contract.MessageId.random(), HubId.of("hub-a"), 1, bad,
                    reading("hub-a"));
            ingest.offer(Topics.of(TENANT, HubId.of("hub-a"), Channel.READING).path(), codec.encode(m),
                    acked::incrementAndGet);
        }
        Message oldAlarm = new Message(1, org.hearthgate.contract.MessageId.random(), HubId.of("hub-b"), 1,
                Instant.parse("0001-01-01T00:00:00Z"), alarm("hub-b", "clock-wrong"));
        ingest.offer(Topics.of(TENANT, HubId.of("hub-b"), Channel.ALARM).path(), codec.encode(oldAlarm),
                acked::incrementAndGet);
        await().until(() -> acked.get() == 3);
        assertThat(store.readingCount()).isZero();
        assertThat(metrics.badTime.get()).isEqualTo(3);
        AlarmRecord a = store.alarm(AlarmId.of("clock-wrong")).orElseThrow();
        assertThat(a.raisedAt()).isEqualTo(NOW);
        assertThat(receipts).filteredOn(r -> r.status() == Receipt.Status.REJECTED)
                .flatExtracting(Receipt::refs).as("the hub is told, so it stops retrying").hasSize(2);
    }

    @Test
    void aFullQueueHoldsTheBrokerBackInsteadOfGrowing() throws Exception {
        store.closeGate();
        AtomicInteger acked = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 1_000; i++) {
                offer("hub-a", reading("hub-a"), acked);
            }
        });
        producer.start();
        await().until(() -> ingest.bulkDepth() == 200 && producer.getState() == Thread.State.WAITING);
        assertThat(producer.isAlive()).as("the broker's delivery thread waits, nothing piles up in memory").isTrue();
        store.gate.countDown();
        producer.join(TimeUnit.SECONDS.toMillis(30));
        await().until(() -> acked.get() == 1_000);
        assertThat(store.readingCount()).isEqualTo(1_000);
    }

    @Test
    void aMessageTheStoreCannotTakeIsRetriedThenDeadLetteredAndTheLineMovesOn() {
        store.failAlarm = "doomed";
        AtomicInteger acked = new AtomicInteger();
        offer("hub-a", alarm("hub-a", "doomed"), acked);
        offer("hub-b", alarm("hub-b", "fine"), acked);
        await().until(() -> acked.get() == 2);
        assertThat(store.alarm(AlarmId.of("fine"))).isPresent();
        assertThat(metrics.storeFailures.get()).isEqualTo(1);
        assertThat(store.deadLetters(10)).anyMatch(d -> d.reason().startsWith("store failed after 3 attempts"));
        assertThat(receipts).as("a store failure is not final: the hub is not told to stop")
                .noneMatch(r -> r.status() == Receipt.Status.REJECTED);
    }

    private void offer(String hub, Payload body, AtomicInteger acked) {
        Message m = message(hub, body);
        ingest.offer(Topics.of(TENANT, HubId.of(hub), body.channel()).path(), codec.encode(m), acked::incrementAndGet);
    }

    private static Message message(String hub, Payload body) {
        return new Message(1, org.hearthgate.contract.MessageId.random(), HubId.of(hub), 1, NOW, body);
    }

    private static Reading reading(String hub) {
        return new Reading(ResidentId.of("res-" + hub), new OxygenSaturation(DeviceId.of("ox"), NOW,
                Quantity.of(96, Ucum.PERCENT), null, null, Set.of()), NOW);
    }

    private static AlarmRaised alarm(String hub, String id) {
        return new AlarmRaised(AlarmId.of(id), ResidentId.of("res-" + hub), EventCode.PERSONAL_TRIGGER,
                Priority.CRITICAL, "PERSONAL_TRIGGER/p", DeviceId.of("p"), "pendant pressed", null);
    }

    /** The real store, with a gate to hold the writer inside a batch and a record of what each batch held. */
    private static final class GatedStore implements RelayStore {
        final JdbcRelayStore real;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger waiting = new AtomicInteger();
        final List<Channel> batches = new CopyOnWriteArrayList<>();
        volatile String failAlarm;

        GatedStore(JdbcRelayStore real) {
            this.real = real;
        }

        void closeGate() {
            gate = new CountDownLatch(1);
        }

        @Override
        public List<Result> ingest(List<Inbound> batch) {
            waiting.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            waiting.decrementAndGet();
            if (failAlarm != null && batch.stream().anyMatch(i -> i.message().body() instanceof AlarmRaised a
                    && a.alarm().value().equals(failAlarm))) {
                throw new IllegalStateException("disk I/O error");
            }
            batches.add(batch.get(0).message().channel());
            return real.ingest(batch);
        }

        @Override
        public int deadLetter(List<Rejected> rejected) {
            return real.deadLetter(rejected);
        }

        @Override
        public long deadLetterCount() {
            return real.deadLetterCount();
        }

        @Override
        public List<DeadLetter> deadLetters(int max) {
            return real.deadLetters(max);
        }

        @Override
        public int purgeDeadLetters(Instant cutoff, int max) {
            return real.purgeDeadLetters(cutoff, max);
        }

        @Override
        public List<AlarmRecord> alarms(boolean openOnly, int max) {
            return real.alarms(openOnly, max);
        }

        @Override
        public AlarmPage alarms(AlarmQuery query) {
            return real.alarms(query);
        }

        @Override
        public OpenAlarms openAlarms() {
            return real.openAlarms();
        }

        @Override
        public Optional<AlarmRecord> alarm(AlarmId id) {
            return real.alarm(id);
        }

        @Override
        public Optional<AlarmRecord> transition(AlarmId id, AlarmState to, String by, String note, Instant at) {
            return real.transition(id, to, by, note, at);
        }

        @Override
        public List<AlarmRecord> markOverdueHubsOffline(Instant now) {
            return real.markOverdueHubsOffline(now);
        }

        @Override
        public List<AlarmRecord> markMissingTestTransmissions(Instant now, Duration gap) {
            return real.markMissingTestTransmissions(now, gap);
        }

        @Override
        public List<HubRecord> hubs() {
            return real.hubs();
        }

        @Override
        public long readingCount() {
            return real.readingCount();
        }

        @Override
        public void registerAll(java.util.Map<TenantId, List<HubId>> hubs, Instant at) {
            real.registerAll(hubs, at);
        }

        @Override
        public void notePending(TenantId tenant, String hub, Instant at) {
            real.notePending(tenant, hub, at);
        }

        @Override
        public List<Registered> registrations() {
            return real.registrations();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
