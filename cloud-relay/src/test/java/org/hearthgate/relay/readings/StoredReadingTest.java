package org.hearthgate.relay.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearthgate.relay.readings.Fixtures.HUB;
import static org.hearthgate.relay.readings.Fixtures.RESIDENT;
import static org.hearthgate.relay.readings.Fixtures.TENANT;

import java.time.Instant;
import java.util.Random;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.wire.Reading;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class StoredReadingTest {
    private static final Instant AT = Instant.parse("2026-11-30T08:15:00.123Z");

    @Test
    void bloodPressureInKilopascalsIsKeptInMillimetresOfMercury() {
        Reading r = new Reading(RESIDENT, new BloodPressure(DeviceId.of("cuff"), AT, Quantity.of(16, Ucum.KPA),
                Quantity.of(10.6, Ucum.KPA), null, null, null, Set.of()), AT.plusMillis(5));

        StoredReading s = StoredReading.of(TENANT, HUB, r, AT.plusSeconds(2));

        assertThat(s.type()).isEqualTo("bloodPressure");
        assertThat(s.unit()).isEqualTo("mm[Hg]");
        assertThat(s.values().get("systolic")).isCloseTo(120.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.values()).containsOnlyKeys("systolic", "diastolic");
        assertThat(s.at()).isEqualTo(AT);
        assertThat(s.hubReceivedAt()).isEqualTo(AT.plusMillis(5));
        assertThat(s.receivedAt()).isEqualTo(AT.plusSeconds(2));
    }

    @Test
    void weightInPoundsIsKeptInKilograms() {
        Reading r = new Reading(RESIDENT, new BodyWeight(DeviceId.of("scale"), AT, Quantity.of(154.324, Ucum.LB),
                null, null, null, Set.of()));

        assertThat(StoredReading.of(TENANT, HUB, r, AT).values().get("value"))
                .isCloseTo(70.0, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void theLineHasTheFiveTagsFloatFieldsOnlyAndMillisecondTime() {
        String line = InfluxReadingStore.lineOf(StoredReading.of(TENANT, HUB, new Reading(RESIDENT,
                new Motion(DeviceId.of("pir-1"), AT, "hall", true)), AT.plusSeconds(1)));

        assertThat(line).startsWith("motion,device=pir-1,hub=hub-1,resident=res-1,tenant=acme,type=motion ");
        assertThat(line).contains("value=1.0").contains("location=\"hall\"")
                .contains("received_at=" + AT.plusSeconds(1).toEpochMilli() + ".0");
        assertThat(line).doesNotContainPattern("=[0-9.E]+i[, ]");
        assertThat(line).endsWith(" " + AT.toEpochMilli());
    }

    @RepeatedTest(20)
    void bucketsTouchingARangeNeverOutnumberMaxPoints() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Instant from = Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(1_000_000_000L));
        Instant to = from.plusMillis(1 + random.nextLong(400L * 24 * 3600 * 1000));
        int max = 2 + random.nextInt(2_000);

        long b = Trends.bucketFor(from, to, max).toMillis();
        long first = Math.floorDiv(from.toEpochMilli(), b);
        long last = Math.floorDiv(to.toEpochMilli() - 1, b);

        assertThat(last - first + 1).as("seed %d", seed).isLessThanOrEqualTo(max);
        assertThat(b % 1000).isZero();
    }
}
