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
    void theWorstGroupObjectiveKeepsAMinorityOfSoftFallersThatThePooledScoreWouldGiveUp() {
        // Three subjects fall hard (3 g) and each has three hard everyday impacts (2.2 g); a fourth falls softly
        // (2.1 g). Pooled, missing the soft faller's falls costs less than the nine false alarms; in the worst group,
        // the soft faller's group scoring zero sensitivity is worse than the others losing some specificity.
        List<TrialCandidates> trials = new ArrayList<>();
        for (String subject : List.of("SA01", "SA02", "SA03", "SA04")) {
            boolean soft = subject.equals("SA04");
            for (int i = 0; i < 10; i++) {
                trials.add(trial(subject, "F01", true, new FallCandidate(100, soft ? 2.1 : 3.0, 80, 10, 90, 0.01)));
                trials.add(trial(subject, "D01", false, new FallCandidate(100, 1.6, 80, 10, 90, 0.01)));
            }
            for (int i = 0; !soft && i < 3; i++) {
                trials.add(trial(subject, "D13", false, new FallCandidate(100, 2.2, 80, 10, 90, 0.01)));
            }
        }
        List<TrialCandidates> softFalls = trials.stream()
                .filter(t -> t.trial().subject().equals("SA04") && t.trial().fall()).toList();

        FallParameters pooled = FallTuner.tune(List.of(trials), FallParameters.defaults(), 2, FallTuner.Objective.POOLED);
        FallParameters worst = FallTuner.tune(List.of(trials), FallParameters.defaults(), 2,
                FallTuner.Objective.WORST_GROUP);

        assertThat(Metrics.of(softFalls, pooled).sensitivity()).isEqualTo(0.0);
        assertThat(pooled.minPeakG()).isGreaterThan(2.2);
        assertThat(Metrics.of(softFalls, worst).sensitivity()).isEqualTo(1.0);
        assertThat(worst.minPeakG()).isLessThanOrEqualTo(2.1);
        assertThat(Metrics.of(trials, worst).falsePositives()).isEqualTo(9);
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
        return trial("SA01", code, fall, candidates);
    }

    private static TrialCandidates trial(String subject, String code, boolean fall, FallCandidate... candidates) {
        return new TrialCandidates(new SisFallTrial(Path.of(subject, code + "_" + subject + "_R01.txt"), subject, code,
                fall), 12, List.of(candidates));
    }
}
