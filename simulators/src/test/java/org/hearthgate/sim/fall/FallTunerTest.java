package org.hearthgate.sim.fall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.drivers.fall.FallCandidate;
import org.hearthgate.drivers.fall.FallParameters;
import org.junit.jupiter.api.Test;

class FallTunerTest {

    @Test
    void takesTheMiddleOfTheWidestBestPlateau() {
        double[] grid = {1, 2, 3, 4, 5, 6, 7};
        double[] scores = {0, 5, 5, 1, 5, 5, 5};
        assertThat(FallTuner.plateauMiddle(grid, scores, 5)).isEqualTo(6);
    }

    @Test
    void placesThePeakThresholdBetweenTheClassesWhenOnlyThePeakSeparatesThem() {
        // Every feature but the peak looks like a fall in both classes: falls peak at 3 g, the ADLs at 1.8 g.
        List<TrialCandidates> trials = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            trials.add(trial("F01", true, new FallCandidate(100, 2.9 + i * 0.01, 80, 10, 90, 0.01)));
            trials.add(trial("D13", false, new FallCandidate(100, 1.8 + i * 0.005, 80, 10, 90, 0.01)));
        }

        FallParameters tuned = FallTuner.tune(List.of(trials), FallParameters.defaults());

        assertThat(Metrics.of(trials, tuned).sensitivity()).isEqualTo(1.0);
        assertThat(Metrics.of(trials, tuned).specificity()).isEqualTo(1.0);
        // Max margin: roughly halfway between 1.9 g and 2.9 g, not hugging either class.
        assertThat(tuned.minPeakG()).isBetween(2.2, 2.6);
    }

    @Test
    void countsEveryAlarmInAnEverydayTrialAsAFalseAlarm() {
        FallCandidate fallLike = new FallCandidate(100, 3, 80, 10, 90, 0.01);
        List<TrialCandidates> trials = List.of(
                new TrialCandidates(new SisFallTrial(Path.of("SA01", "D01_SA01_R01.txt"), "SA01", "D01", false),
                        1800, List.of(fallLike, fallLike)),
                trial("D02", false));

        Metrics m = Metrics.of(trials, FallParameters.defaults());

        assertThat(m.falsePositives()).isEqualTo(1);
        assertThat(m.adlAlarms()).isEqualTo(2);
        assertThat(m.falseAlarmsPerHour()).isEqualTo(2 / ((1800 + 12) / 3600.0));
        assertThat(m.sensitivity()).isNaN();
    }

    private static TrialCandidates trial(String code, boolean fall, FallCandidate... candidates) {
        return new TrialCandidates(new SisFallTrial(Path.of("SA01", code + "_SA01_R01.txt"), "SA01", code, fall), 12,
                List.of(candidates));
    }
}
