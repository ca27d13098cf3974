package org.hearthgate.relay.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.readings.ReadingStore;
import org.hearthgate.relay.readings.StoredReading;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest with a reading store (InfluxDB in production; here one whose writes the test holds or fails): readings take
 * their own writer, so a stuck reading store never holds up an alarm, and a reading is acknowledged and receipted
 * only once the reading store has it.
 */
class IngestReadingStoreTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-a");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final WireCodec codec = new WireCodec();
    private final ManualClock clock = new ManualClock(NOW);
    private final RelayMetrics metrics = new RelayMetrics();
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final HeldReadingStore readings = new HeldReadingStore();

    @TempDir
    Path dir;
    private JdbcRelayStore store;
    private Ingest ingest;

    @BeforeEach
    void start() {
        store = JdbcRelayStore.open(dir.resolve("r.db").toString());
        HubRegistry registry = new HubRegistry(store, clock);
        registry.register(TENANT, HUB);
        ingest = new Ingest(store, readings, registry, (t, h, body) -> receipts.add((Receipt) body), LiveFeed.NONE,
                metrics, clock, new Ingest.Limits(100, 200, 50, Instant.parse("2010-01-01T00:00:00Z"),
                        Duration.ofDays(1), 3));
    }

    @AfterEach
    void stop() {
        readings.release();
        ingest.close();
        store.close();
    }

    @Test
    void anAlarmIsStoredAndReceiptedWhileTheReadingStoreIsStuck() {
        AtomicInteger readingsAcked = new AtomicInteger();
        for (int i = 0; i < 120; i++) {
            offer(reading(i), readingsAcked);
        }
        await().until(() -> readings.waiting.get() == 1); // the readings writer is inside its first write

        AtomicInteger alarmAcked = new AtomicInteger();
        Message alarm = offer(alarm(), alarmAcked);

        await().until(() -> alarmAcked.get() == 1 && receipted(alarm.id()));
        assertThat(store.alarm(AlarmId.of("stuck-store-alarm"))).isPresent();
        assertThat(readingsAcked.get()).as("no reading acknowledged before the reading store has it").isZero();

        readings.release();
        await().until(() -> readingsAcked.get() == 120);
        assertThat(readings.stored).hasSize(120);
        assertThat(readings.stored).extracting(StoredReading::type).containsOnly("heartRate");
        assertThat(receipts.stream().filter(r -> r.status() == Receipt.Status.ACCEPTED)
                .mapToInt(r -> r.refs().size()).sum()).isEqualTo(121);
        assertThat(store.readingCount()).as("readings went to the reading store, not the relay store").isZero();
    }

    @Test
    void readingsTheReadingStoreCannotTakeBecomeDeadLettersWithoutAReceiptSoTheHubResends() {
        readings.fail = true;
        readings.release();
        AtomicInteger acked = new AtomicInteger();
        offer(reading(1), acked);

        await().until(() -> acked.get() == 1);
        assertThat(store.deadLetterCount()).isEqualTo(1);
        assertThat(receipts).isEmpty();
        assertThat(metrics.storeFailures.get()).isEqualTo(1);
    }

    private boolean receipted(MessageId id) {
        return receipts.stream().anyMatch(r -> r.refs().contains(id));
    }

    private Message offer(Payload body, AtomicInteger acked) {
        Message m = new Message(1, MessageId.random(), HUB, 1, NOW, body);
        ingest.offer(Topics.of(TENANT, HUB, body.channel()).path(), codec.encode(m), acked::incrementAndGet);
        return m;
    }

    private static Reading reading(int i) {
        return new Reading(ResidentId.of("res-a"), new HeartRate(DeviceId.of("band"), NOW.minusSeconds(i),
                Quantity.of(60 + i % 30, Ucum.PER_MIN), null, null, null, Set.of()), NOW);
    }

    private static AlarmRaised alarm() {
        return new AlarmRaised(AlarmId.of("stuck-store-alarm"), ResidentId.of("res-a"), EventCode.PERSONAL_TRIGGER,
                Priority.CRITICAL, "PERSONAL_TRIGGER/p", DeviceId.of("p"), "pendant pressed", null);
    }

    /** A reading store whose writes wait until the test releases them, then succeed (or fail, if told). */
    private static final class HeldReadingStore implements ReadingStore {
        final List<StoredReading> stored = new CopyOnWriteArrayList<>();
        final AtomicInteger waiting = new AtomicInteger();
        private final CompletableFuture<Void> gate = new CompletableFuture<>();
        volatile boolean fail;

        void release() {
            gate.complete(null);
        }

        @Override
        public CompletableFuture<Void> submit(List<StoredReading> batch) {
            waiting.incrementAndGet();
            return gate.thenRun(() -> {
                waiting.decrementAndGet();
                if (fail) {
                    throw new IllegalStateException("disk full");
                }
                stored.addAll(batch);
            });
        }

        @Override
        public Trend trend(TenantId tenant, ResidentId resident, String type, Instant from, Instant to,
                int maxPoints) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public java.util.Optional<StoredReading> latest(TenantId tenant, ResidentId resident,
                java.util.Set<String> types, Instant until) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public void close() {
        }
    }
}
