package org.hearthgate.drivers.fall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StillnessMonitorTest {

    @Test
    void countsWholeSecondsOfLyingStill() {
        StillnessMonitor m = new StillnessMonitor(50, 0.05);
        feed(m, new SyntheticWearer(50).hold(SyntheticWearer.LYING_ON_SIDE, 12.5, 0.005));
        assertThat(m.stillFor()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void restartsAtZeroWhenTheWearerMoves() {
        StillnessMonitor m = new StillnessMonitor(50, 0.05);
        feed(m, new SyntheticWearer(50).hold(SyntheticWearer.LYING_ON_SIDE, 8, 0.005).walk(2, 0.3)
                .hold(SyntheticWearer.LYING_ON_SIDE, 3, 0.005));
        assertThat(m.stillFor()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void walkingIsNeverStill() {
        StillnessMonitor m = new StillnessMonitor(200, 0.05);
        feed(m, new SyntheticWearer(200).walk(30, 0.3));
        assertThat(m.stillFor()).isZero();
    }

    private static void feed(StillnessMonitor m, SyntheticWearer w) {
        double[][] s = w.signal();
        for (int i = 0; i < w.size(); i++) {
            m.accept(s[0][i], s[1][i], s[2][i]);
        }
    }
}
