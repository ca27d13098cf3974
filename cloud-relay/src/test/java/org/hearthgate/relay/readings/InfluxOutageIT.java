package org.hearthgate.relay.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.RelayMetrics;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.ingest.Ingest;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest pipeline with readings going to a real InfluxDB, which is stopped for a minute while readings keep
 * arriving and an alarm comes in, then started again on the same data and port: the alarm is stored, acknowledged and
 * receipted while InfluxDB is down, every reading is acknowledged only once durable (in the spool meanwhile), and
 * afterwards InfluxDB holds every reading exactly once.
 */
class InfluxOutageIT {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-1");
    private static final ResidentId RESIDENT = ResidentId.of("res-1");
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private final WireCodec codec = new WireCodec();
    private final RelayMetrics metrics = new RelayMetrics();
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void aMinuteWithoutInfluxLosesNoReadingAndDelaysNoAlarm() throws Exception {
        try (InfluxServer influx = InfluxServer.start();
                JdbcRelayStore store = JdbcRelayStore.open(dir.resolve("relay.db").toString());
                InfluxReadingStore readings = new InfluxReadingStore(InfluxReadingStore.Settings.of(influx.url(),
                        "telecare", dir.resolve("spool")), Clock.systemUTC());
                InfluxDB client = InfluxDBFactory.connect(influx.url())) {
            HubRegistry registry = new HubRegistry(store, Clock.systemUTC());
            registry.register(TENANT, HUB);
            Ingest ingest = new Ingest(store, readings, registry, (t, h, body) -> receipts.add((Receipt) body),
                    LiveFeed.NONE, metrics, Clock.systemUTC(), Ingest.Limits.DEFAULT);
            Feeder feeder = new Feeder(ingest);
            try {
                feeder.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> feeder.acked.get() >= 200);

                // WHEN InfluxDB goes away for a minute
                influx.stop();
                long down = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).until(() -> readings.stats().spoolSize() > 0);
                int ackedBeforeAlarm = feeder.acked.get();

                // THEN an alarm arriving meanwhile is stored, acknowledged and receipted while InfluxDB is still down
                AtomicBoolean alarmAcked = new AtomicBoolean();
                Message alarm = message(new AlarmRaised(AlarmId.of("outage-alarm"), RESIDENT,
                        EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "PERSONAL_TRIGGER/p", DeviceId.of("p"),
                        "pendant pressed", null));
                ingest.offer(Topics.of(TENANT, HUB, alarm.channel()).path(), codec.encode(alarm),
                        () -> alarmAcked.set(true));
                await().atMost(Duration.ofSeconds(30)).until(() -> alarmAcked.get() && receipts.stream()
                        .anyMatch(r -> r.refs().contains(alarm.id())));
                assertThat(influx.running()).isFalse();
                assertThat(store.alarm(AlarmId.of("outage-alarm"))).isPresent();

                // AND readings keep being acknowledged (durable in the spool) for the rest of the minute
                await().atMost(OUTAGE.plusSeconds(30)).until(() -> System.nanoTime() - down >= OUTAGE.toNanos());
                assertThat(feeder.acked.get()).isGreaterThan(ackedBeforeAlarm);
                assertThat(influx.running()).isFalse();

                // WHEN InfluxDB comes back on the same data and port
                influx.resume();
                feeder.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> feeder.acked.get() == feeder.offered.get());
                await().atMost(Duration.ofSeconds(60)).until(() -> readings.stats().spoolSize() == 0);

                // THEN InfluxDB holds every reading exactly once
                long points = ((Number) client.query(new Query("SELECT count(\"value\") FROM \"readings\".\"heartRate\"",
                        "telecare")).getResults().get(0).getSeries().get(0).getValues().get(0).get(1)).longValue();
                assertThat(points).isEqualTo(feeder.offered.get());
                assertThat(readings.stats().spooled()).isPositive();
                assertThat(readings.stats().drained()).isEqualTo(readings.stats().spooled());
                assertThat(store.deadLetterCount()).isZero();
            } finally {
                feeder.stop();
                ingest.close();
            }
        }
    }

    private Message message(Payload body) {
        return new Message(1, MessageId.random(), HUB, 1, Instant.now(), body);
    }

    /** A hub's stream of heart-rate readings, one every 10 ms, each at its own device time. */
    private final class Feeder {
        final AtomicInteger offered = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        private final Ingest ingest;
        private final Instant first = Instant.now().minus(Duration.ofHours(1));
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "feeder");

        Feeder(Ingest ingest) {
            this.ingest = ingest;
        }

        void start() {
            thread.start();
        }

        void run() {
            while (running) {
                int n = offered.get();
                Reading r = new Reading(RESIDENT, new org.hearthgate.contract.obs.HeartRate(DeviceId.of("band"),
                        first.plusMillis(10L * n), org.hearthgate.contract.Quantity.of(60 + n % 40,
                                org.hearthgate.contract.Ucum.PER_MIN), null, null, null, Set.of()));
                Message m = message(r);
                offered.incrementAndGet();
                ingest.offer(Topics.of(TENANT, HUB, m.channel()).path(), codec.encode(m), acked::incrementAndGet);
                LockSupport.parkNanos(10_000_000L); // the pace of a busy hub, not a wait for anything
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
