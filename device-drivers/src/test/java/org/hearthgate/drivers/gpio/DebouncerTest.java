package org.hearthgate.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final Duration WINDOW = Duration.ofMillis(50);

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    @Test
    void firstEdgeAfterAQuietLineIsReportedAtOnce() {
        var d = new Debouncer(WINDOW, false);

        assertThat(d.edge(true, at(0))).contains(true);
    }

    @Test
    void bounceInsideTheWindowYieldsNoFurtherReports() {
        var d = new Debouncer(WINDOW, false);
        d.edge(true, at(0));

        assertThat(d.edge(false, at(2))).isEmpty();
        assertThat(d.edge(true, at(5))).isEmpty();
        assertThat(d.edge(false, at(9))).isEmpty();
        assertThat(d.edge(true, at(12))).isEmpty();
        assertThat(d.settle(true, at(61))).isEmpty();
    }

    @Test
    void aBurstThatEndsOnTheOtherLevelIsReportedWhenTheLineSettles() {
        var d = new Debouncer(WINDOW, false);
        d.edge(true, at(0));
        d.edge(false, at(3));

        assertThat(d.settle(false, at(52))).as("window measured from the last edge, 3 ms").isEmpty();
        assertThat(d.settle(false, at(53))).contains(false);
        assertThat(d.settlePending()).isFalse();
    }

    @Test
    void anEdgeExactlyOneWindowAfterTheLastEdgeCountsAsNew() {
        var d = new Debouncer(WINDOW, false);
        d.edge(true, at(0));
        d.edge(false, at(10));

        assertThat(d.edge(true, at(59))).as("49 ms after the last edge").isEmpty();
        assertThat(d.settle(true, at(108))).as("1 ms before the window closes").isEmpty();
        assertThat(d.edge(false, at(109))).as("exactly 50 ms after the last edge").contains(false);
    }

    @Test
    void twoDistinctPressesAreTwoReports() {
        var d = new Debouncer(WINDOW, false);

        assertThat(d.edge(true, at(0))).contains(true);
        assertThat(d.edge(false, at(300))).contains(false);
        assertThat(d.edge(true, at(900))).contains(true);
    }

    @Test
    void zeroWindowReportsEveryChange() {
        var d = new Debouncer(Duration.ZERO, false);

        assertThat(d.edge(true, at(0))).contains(true);
        assertThat(d.edge(false, at(0))).contains(false);
        assertThat(d.edge(true, at(0))).contains(true);
        assertThat(d.settlePending()).isFalse();
    }

    @Test
    void aBurstLastsFromItsFirstEdgeUntilTheLineIsQuiet() {
        var d = new Debouncer(WINDOW, false);
        d.edge(true, at(100));
        d.edge(false, at(140));
        d.edge(true, at(180));

        assertThat(d.burstLength(at(200))).isEqualTo(Duration.ofMillis(100));
        assertThat(d.burstLength(at(230))).as("quiet for the window").isEqualTo(Duration.ZERO);
    }

    @Test
    void settleWithoutAPendingBurstReportsNothing() {
        var d = new Debouncer(WINDOW, true);

        assertThat(d.settle(false, at(1000))).isEqualTo(Optional.empty());
        assertThat(d.reportedActive()).isTrue();
    }

    @Test
    void whenTheStartLevelIsUnknownTheFirstLevelSeenIsReportedEitherWay() {
        assertThat(new Debouncer(WINDOW, null).edge(false, at(0))).contains(false);
        assertThat(new Debouncer(WINDOW, null).edge(true, at(0))).contains(true);
    }
}
