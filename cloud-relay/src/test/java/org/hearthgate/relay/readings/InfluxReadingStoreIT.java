package org.hearthgate.relay.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hearthgate.relay.readings.Fixtures.RESIDENT;
import static org.hearthgate.relay.readings.Fixtures.TENANT;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The InfluxDB reading store against a real influxd (Debian's 1.6.7), one per class, one database per test. */
class InfluxReadingStoreIT {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static InfluxServer server;
    private static InfluxDB client;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private String database;

    @BeforeAll
    static void startInflux() throws IOException {
        server = InfluxServer.start();
        client = InfluxDBFactory.connect(server.url());
    }

    @AfterAll
    static void stopInflux() throws IOException {
        client.close();
        server.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        server.resume(); // a test that stopped it leaves it running for the next
    }

    @Test
    void aRedeliveredReadingOverwritesItsPointInsteadOfAddingASecond(TestInfo test) {
        InfluxReadingStore store = store(test, settings(test));
        List<StoredReading> readings = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            readings.add(Fixtures.stored(Fixtures.bloodPressure(RESIDENT, START.plusSeconds(60L * i), 120, 80)));
        }
        store.store(readings);

        // the same 300 again, as a redelivery after a lost acknowledgement: a later receive time, nothing else
        store.store(readings.subList(300, 600).stream().map(r -> new StoredReading(r.tenant(), r.hub(),
                r.resident(), r.device(), r.type(), r.at(), r.hubReceivedAt(), r.receivedAt().plusSeconds(30),
                r.values(), r.labels(), r.unit())).toList());

        assertThat(count("bloodPressure", "systolic")).isEqualTo(1_200);
        assertThat(store.stats().written()).isEqualTo(1_500);
        assertThat(store.stats().spooled()).isZero();
    }

    @Test
    void submissionsShareOneWriteUpToTheBatchSizeAndAPartialBatchGoesAfterTheLinger(TestInfo test) {
        InfluxReadingStore.Settings s = settings(test);
        InfluxReadingStore store = store(test, new InfluxReadingStore.Settings(s.url(), s.database(), null, null,
                null, null, s.spool(), 1_000, Duration.ofSeconds(2), 0, null));
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int n = 0; n < 10; n++) { // 10 x 100 = one full batch
            List<StoredReading> hundred = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hundred.add(Fixtures.stored(Fixtures.heartRate(RESIDENT, START.plusSeconds(n * 100L + i), 70)));
            }
            done.add(store.submit(hundred));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        assertThat(store.stats().writes()).as("10 submissions, one write").isEqualTo(1);

        store.store(List.of(Fixtures.stored(Fixtures.heartRate(RESIDENT, START.minusSeconds(1), 70))));
        assertThat(store.stats().writes()).as("a lone reading goes after the linger").isEqualTo(2);
        assertThat(count("heartRate", "value")).isEqualTo(1_001);
    }

    @Test
    void trendsAreDownsampledInInfluxExactlyAsInTheSqlStore(TestInfo test) {
        InfluxReadingStore influx = store(test, settings(test));
        JdbcRelayStore sql = JdbcRelayStore.open(dir.resolve("relay.db").toString());
        open.add(sql);
        List<Reading> week = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 7 * 24 * 6; i++) { // every 10 minutes, with some jitter
            week.add(Fixtures.bloodPressure(RESIDENT, START.plusSeconds(600L * i + random.nextInt(300)),
                    100 + random.nextInt(60), 60 + random.nextInt(35)));
        }
        influx.store(week.stream().map(Fixtures::stored).toList());
        sql.ingest(week.stream().map(r -> Fixtures.inbound(TENANT, r)).toList());
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("relay.db"));

        Instant from = START.plusSeconds(3_333);
        Instant to = START.plus(Duration.ofDays(7));
        Trends.Trend fromInflux = influx.trend(TENANT, RESIDENT, "bloodPressure", from, to, 100);
        Trends.Trend fromSql = new SqlReadingStore(ds).trend(TENANT, RESIDENT, "bloodPressure", from, to, 100);

        assertThat(fromInflux.points()).hasSizeLessThanOrEqualTo(100).hasSizeGreaterThan(90);
        assertThat(fromInflux.bucket()).isEqualTo(fromSql.bucket());
        assertThat(fromInflux.points()).extracting(Trends.Point::at)
                .containsExactlyElementsOf(fromSql.points().stream().map(Trends.Point::at).toList());
        for (int i = 0; i < fromSql.points().size(); i++) {
            Trends.Point a = fromInflux.points().get(i);
            Trends.Point b = fromSql.points().get(i);
            assertThat(a.fields().keySet()).containsExactlyElementsOf(b.fields().keySet());
            b.fields().forEach((field, expected) -> {
                Trends.Summary actual = a.fields().get(field);
                assertThat(actual.count()).isEqualTo(expected.count());
                assertThat(actual.min()).isEqualTo(expected.min());
                assertThat(actual.max()).isEqualTo(expected.max());
                assertThat(actual.mean()).isCloseTo(expected.mean(), org.assertj.core.data.Offset.offset(1e-9));
            });
        }
        long inRange = week.stream().filter(r -> !r.observation().at().isBefore(from)).count();
        assertThat(fromInflux.points().stream().mapToLong(p -> p.fields().get("systolic").count()).sum())
                .isEqualTo(inRange);
    }

    @Test
    void readingsSpooledWhileInfluxIsDownSurviveARestartOfTheStoreAndDrainWhenItIsBack(TestInfo test) {
        InfluxReadingStore.Settings s = settings(test);
        InfluxReadingStore first = new InfluxReadingStore(s, Clock.systemUTC());
        first.store(List.of(Fixtures.stored(Fixtures.heartRate(RESIDENT, START, 60))));
        server.stop();

        List<StoredReading> during = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) {
            during.add(Fixtures.stored(Fixtures.heartRate(RESIDENT, START.plusSeconds(i), 60 + i % 40)));
        }
        first.store(during.subList(0, 1_000)); // returns: durable in the spool
        assertThat(first.stats().spoolSize()).isEqualTo(1_000);
        first.close();

        InfluxReadingStore second = store(test, s); // a relay restarted while InfluxDB is still down
        assertThat(second.stats().spoolSize()).isEqualTo(1_000);
        second.store(during.subList(1_000, 2_000));
        assertThat(second.stats().spoolSize()).isEqualTo(2_000);

        resume();
        await().atMost(Duration.ofSeconds(60)).until(() -> second.stats().spoolSize() == 0);
        assertThat(count("heartRate", "value")).isEqualTo(2_001);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.stats().influxUp());
        second.store(List.of(Fixtures.stored(Fixtures.heartRate(RESIDENT, START.minusSeconds(1), 60))));
        assertThat(second.stats().written()).as("straight to InfluxDB again").isEqualTo(1);
        assertThat(count("heartRate", "value")).isEqualTo(2_002);
    }

    @Test
    void aLineInfluxRefusesForGoodIsSetAsideAndTheRestStillFlows(TestInfo test) {
        InfluxReadingStore store = store(test, settings(test));
        // someone wrote an integer "value" into heartRate before us: InfluxDB refuses our floats there for good
        client.write(database, "readings", InfluxDB.ConsistencyLevel.ONE, "heartRate,tenant=acme value=1i "
                + START.minusSeconds(100).toEpochMilli() + "000000");

        store.store(List.of(Fixtures.stored(Fixtures.heartRate(RESIDENT, START, 60))));
        store.store(List.of(Fixtures.stored(Fixtures.bloodPressure(RESIDENT, START, 120, 80))));

        await().atMost(Duration.ofSeconds(30)).until(() -> store.stats().refused() == 1
                && store.stats().spoolSize() == 0);
        assertThat(count("bloodPressure", "systolic")).isEqualTo(1);
    }

    @Test
    void anInfluxThatNeverAnswersTimesOutIntoTheSpool(TestInfo test) throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepts, never answers
                        accepted.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            InfluxReadingStore store = store(test, InfluxReadingStore.Settings.of("http://127.0.0.1:"
                    + silent.getLocalPort(), "silent", dir.resolve("spool")).withTimeout(Duration.ofMillis(500)));

            store.store(List.of(Fixtures.stored(Fixtures.heartRate(RESIDENT, START, 60))));

            assertThat(store.stats().spoolSize()).isEqualTo(1);
            assertThat(accepted.get()).isPositive();
            store.close();
            open.remove(store);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    // --- helpers ---

    @Test
    void theLatestActivityIsTheNewestReadingOfThoseTypesUpToTheGivenTimeWithItsPlace(TestInfo test) {
        ResidentId other = ResidentId.of("res-2");
        InfluxReadingStore store = store(test, settings(test));
        store.store(Fixtures.activity(START, RESIDENT, other).stream().map(Fixtures::stored).toList());
        Set<String> activity = Set.of("motion", "occupancy", "contact");
        Instant until = START.plus(Duration.ofHours(5));

        StoredReading bed = store.latest(TENANT, RESIDENT, activity, until).orElseThrow();
        assertThat(bed.type()).isEqualTo("occupancy");
        assertThat(bed.at()).isEqualTo(START.plus(Duration.ofHours(3)));
        assertThat(bed.labels()).containsEntry("place", "BED").containsEntry("location", "bedroom");
        assertThat(bed.values()).containsEntry("value", 1.0);

        StoredReading door = store.latest(TENANT, RESIDENT, Set.of("motion", "contact"), until).orElseThrow();
        assertThat(door.type()).isEqualTo("contact");
        assertThat(door.labels()).containsEntry("location", "front door");
        assertThat(store.latest(TENANT, other, activity, until).orElseThrow().labels())
                .containsEntry("location", "hall");
        assertThat(store.latest(TENANT, RESIDENT, activity, START.plus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(store.latest(org.hearthgate.contract.TenantId.of("elsewhere"), RESIDENT, activity, until))
                .isEmpty();
    }

    private InfluxReadingStore.Settings settings(TestInfo test) {
        database = "t_" + test.getTestMethod().orElseThrow().getName().hashCode() % 100_000_000;
        database = database.replace('-', 'm');
        return InfluxReadingStore.Settings.of(server.url(), database, dir.resolve("spool"));
    }

    private InfluxReadingStore store(TestInfo test, InfluxReadingStore.Settings s) {
        if (database == null) {
            settings(test);
        }
        InfluxReadingStore store = new InfluxReadingStore(s, Clock.systemUTC());
        open.add(store);
        return store;
    }

    private static void resume() {
        try {
            server.resume();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String measurement, String field) {
        QueryResult r = client.query(new Query("SELECT count(\"" + field + "\") FROM \"readings\".\"" + measurement
                + "\"", database));
        assertThat(r.hasError()).as(String.valueOf(r.getError())).isFalse();
        QueryResult.Result x = r.getResults().get(0);
        if (x.getSeries() == null) {
            return 0;
        }
        return ((Number) x.getSeries().get(0).getValues().get(0).get(1)).longValue();
    }
}
