package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        List<Long> nanos = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos, new Random(7));

        Latencies l = Latencies.of(nanos);

        assertThat(l.percentileMs(50)).isEqualTo(50.0);
        assertThat(l.percentileMs(90)).isEqualTo(90.0);
        assertThat(l.percentileMs(99)).isEqualTo(99.0);
        assertThat(l.maxMs()).isEqualTo(100.0);
    }

    @Test
    void nothingArrivedReadsAsNotAvailableNeverAsFast() {
        Latencies none = Latencies.of(List.of());

        assertThat(Latencies.ms(none.percentileMs(99))).isEqualTo("n/a");
        assertThat(none.count()).isZero();
    }

    @RepeatedTest(20)
    void aPercentileIsAlwaysOneOfTheSamplesAndGrowsWithP(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        List<Long> nanos = random.longs(1 + random.nextInt(500), 0, 10_000_000_000L).boxed().toList();

        Latencies l = Latencies.of(nanos);

        double previous = 0;
        for (double p : new double[] {1, 50, 90, 99, 100}) {
            double v = l.percentileMs(p);
            assertThat(nanos).contains(Math.round(v * 1e6));
            assertThat(v).isGreaterThanOrEqualTo(previous);
            previous = v;
        }
        assertThat(l.percentileMs(100)).isEqualTo(l.maxMs());
    }
}
