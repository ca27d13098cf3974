package org.hearthgate.relay.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.relay.readings.Fixtures.RESIDENT;
import static org.hearthgate.relay.readings.Fixtures.TENANT;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Trends over the relay store's own readings table, written by its ingest path as in the embedded default. */
class SqlReadingStoreTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;
    private JdbcRelayStore relayStore;
    private SqlReadingStore trends;

    @BeforeEach
    void open() {
        relayStore = JdbcRelayStore.open(dir.resolve("relay.db").toString());
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("relay.db"));
        trends = new SqlReadingStore(ds);
    }

    @AfterEach
    void close() {
        relayStore.close();
    }

    @Test
    void aMonthOfBloodPressureComesBackInAtMostMaxPointsBucketsWithTheirMeanMinAndMax() {
        List<Reading> month = new ArrayList<>();
        for (int i = 0; i < 30 * 24; i++) { // hourly for 30 days
            month.add(Fixtures.bloodPressure(RESIDENT, START.plus(Duration.ofHours(i)), 110 + i % 37, 70 + i % 11));
        }
        ingest(TENANT, month);

        Trends.Trend t = trends.trend(TENANT, RESIDENT, "bloodPressure", START, START.plus(Duration.ofDays(30)), 60);

        assertThat(t.unit()).isEqualTo("mm[Hg]");
        assertThat(t.points()).hasSizeLessThanOrEqualTo(60).hasSizeGreaterThan(30);
        assertThat(t.points().stream().mapToLong(p -> p.fields().get("systolic").count()).sum()).isEqualTo(720);
        Map<Long, List<Double>> expected = new TreeMap<>();
        long b = t.bucket().toMillis();
        for (Reading r : month) {
            long at = r.observation().at().toEpochMilli();
            expected.computeIfAbsent(Math.floorDiv(at, b) * b, k -> new ArrayList<>())
                    .add(((org.hearthgate.contract.obs.BloodPressure) r.observation()).systolic().value());
        }
        assertThat(t.points()).extracting(p -> p.at().toEpochMilli()).containsExactlyElementsOf(expected.keySet());
        for (Trends.Point p : t.points()) {
            List<Double> xs = expected.get(p.at().toEpochMilli());
            Trends.Summary s = p.fields().get("systolic");
            assertThat(s.min()).isEqualTo(xs.stream().mapToDouble(d -> d).min().orElseThrow());
            assertThat(s.max()).isEqualTo(xs.stream().mapToDouble(d -> d).max().orElseThrow());
            assertThat(s.mean()).isCloseTo(xs.stream().mapToDouble(d -> d).average().orElseThrow(),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.fields()).containsKeys("systolic", "diastolic", "pulse");
        }
    }

    @Test
    void onlyThisResidentsReadingsOfThisTypeInsideTheRangeCount() {
        ResidentId other = ResidentId.of("res-2");
        ingest(TENANT, List.of(
                Fixtures.heartRate(RESIDENT, START.minusMillis(1), 200), // before the range
                Fixtures.heartRate(RESIDENT, START, 60), // from is inclusive
                Fixtures.heartRate(RESIDENT, START.plusSeconds(3599), 80),
                Fixtures.heartRate(RESIDENT, START.plusSeconds(3600), 200), // to is exclusive
                Fixtures.heartRate(other, START.plusSeconds(10), 200),
                Fixtures.bloodPressure(RESIDENT, START.plusSeconds(10), 200, 100)));
        ingest(TenantId.of("other-tenant"), List.of(Fixtures.heartRate(RESIDENT, START.plusSeconds(20), 200)));

        Trends.Trend t = trends.trend(TENANT, RESIDENT, "heartRate", START, START.plusSeconds(3600), 2);

        assertThat(t.bucket()).isEqualTo(Duration.ofHours(1));
        assertThat(t.points()).singleElement().satisfies(p -> {
            assertThat(p.at()).isEqualTo(START);
            assertThat(p.fields().get("value")).isEqualTo(new Trends.Summary(70, 60, 80, 2));
        });
    }

    @Test
    void theLatestActivityIsTheNewestReadingOfThoseTypesUpToTheGivenTimeWithItsPlace() {
        ResidentId other = ResidentId.of("res-2");
        ingest(TENANT, Fixtures.activity(START, RESIDENT, other));
        Set<String> activity = Set.of("motion", "occupancy", "contact");
        Instant until = START.plus(Duration.ofHours(5));

        StoredReading bed = trends.latest(TENANT, RESIDENT, activity, until).orElseThrow();
        assertThat(bed.type()).isEqualTo("occupancy");
        assertThat(bed.at()).isEqualTo(START.plus(Duration.ofHours(3)));
        assertThat(bed.labels()).containsEntry("place", "BED").containsEntry("location", "bedroom");
        assertThat(bed.values()).containsEntry("value", 1.0);

        StoredReading door = trends.latest(TENANT, RESIDENT, Set.of("motion", "contact"), until).orElseThrow();
        assertThat(door.type()).isEqualTo("contact");
        assertThat(door.labels()).containsEntry("location", "front door");
        assertThat(trends.latest(TENANT, other, activity, until).orElseThrow().labels())
                .containsEntry("location", "hall");
        assertThat(trends.latest(TENANT, RESIDENT, activity, START.plus(Duration.ofMinutes(30)))).isEmpty();
        assertThat(trends.latest(TenantId.of("elsewhere"), RESIDENT, activity, until)).isEmpty();
    }

    @Test
    void anUnknownTypeOrAnEmptyRangeIsRefused() {
        assertThatThrownBy(() -> trends.trend(TENANT, RESIDENT, "bogus", START, START.plusSeconds(1), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("type:");
        assertThatThrownBy(() -> trends.trend(TENANT, RESIDENT, "heartRate", START, START, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to:");
    }

    private void ingest(TenantId tenant, List<Reading> readings) {
        List<RelayStore.Result> results = relayStore.ingest(readings.stream().map(r -> Fixtures.inbound(tenant, r))
                .toList());
        assertThat(results).allMatch(r -> r instanceof RelayStore.Result.Stored);
    }
}
