package org.hearthgate.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.hearthgate.alerts.plan.CarePlan;
import org.junit.jupiter.api.Test;

class MemoryBoundTest {

    @Test
    void retainedStateStaysBoundedWhateverTheHistory() {
        Fixture f = new Fixture("vitals: {weightGain: {enabled: true}, baseline: {measures: [systolic, diastolic, pulse, spo2, weight]}}");
        Random rnd = new Random(42);
        int afterAWeek = -1;
        for (int i = 0; i < 60_000; i++) {
            f.clock.advance(Duration.ofMinutes(5));
            switch (i % 5) {
                case 0 -> f.bp(125 + rnd.nextGaussian() * 6, 78 + rnd.nextGaussian() * 4);
                case 1 -> f.pulse(70 + rnd.nextGaussian() * 5);
                case 2 -> f.spo2(Math.min(100, 96 + rnd.nextGaussian()));
                case 3 -> f.weight(80 + rnd.nextGaussian() * 0.3);
                default -> f.motion("hall");
            }
            if (i == 2_016) {
                afterAWeek = f.engine.stats().retainedValues();
            }
        }
        AlertEngine.Stats s = f.engine.stats();
        // 200 days of readings; the windows are full after a week and never grow after that.
        assertThat(s.retainedValues()).isEqualTo(afterAWeek);
        assertThat(s.retainedValues()).isLessThanOrEqualTo(5 * (30 + 8) + 8 + 64);
        assertThat(s.openAlarms()).isLessThanOrEqualTo(CarePlan.defaults().ruleCount() + s.devices());
        assertThat(s.readings()).isEqualTo(60_000); // a cuff reading is two measures
    }
}
