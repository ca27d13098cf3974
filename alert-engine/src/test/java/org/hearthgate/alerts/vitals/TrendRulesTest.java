package org.hearthgate.alerts.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrendRulesTest {
    private static final String HEART_FAILURE = "vitals: {weightGain: {enabled: true}, baseline: {enabled: false}}";

    @ParameterizedTest(name = "gain {0} kg over 3 days: alarm {1}")
    @CsvSource({"2.0, false", "2.1, true"})
    void heartFailureWeightGainOver2KgIn3Days(double gain, boolean alarms) {
        Fixture f = new Fixture(HEART_FAILURE);
        List<Outcome> out = new ArrayList<>();
        for (int d = 0; d <= 3; d++) {
            out.addAll(f.weight(80 + gain * d / 3));
            f.clock.advance(Duration.ofDays(1));
        }
        assertThat(Fixture.raisesKeyed(out, "weight-gain")).hasSize(alarms ? 1 : 0);
    }

    @Test
    void oneHeavyReadingDoesNotMakeATrend() {
        Fixture f = new Fixture(HEART_FAILURE);
        List<Outcome> out = new ArrayList<>();
        double[] kg = {80.0, 80.1, 82.6, 80.0, 80.1, 79.9};
        for (double w : kg) {
            out.addAll(f.weight(w));
            f.clock.advance(Duration.ofHours(12));
        }
        assertThat(Fixture.raisesKeyed(out, "weight-gain")).isEmpty();
    }

    @Test
    void weightOutsideTheWindowIsForgotten() {
        Fixture f = new Fixture(HEART_FAILURE);
        f.weight(78);
        f.clock.advance(Duration.ofDays(5));
        f.weight(81);
        f.clock.advance(Duration.ofDays(1));
        assertThat(Fixture.raisesKeyed(f.weight(81.2), "weight-gain")).isEmpty();
    }

    @Test
    void irregularPulseFlagInTwoOfThreeReadings() {
        Fixture f = new Fixture("");
        assertThat(Fixture.raisesKeyed(f.bp(130, 80, Quality.IRREGULAR_PULSE), "irregular-pulse")).isEmpty();
        f.clock.advance(Duration.ofHours(12));
        f.bp(130, 80);
        f.clock.advance(Duration.ofHours(12));
        assertThat(Fixture.raisesKeyed(f.bp(130, 80, Quality.IRREGULAR_PULSE), "irregular-pulse")).singleElement()
                .satisfies(r -> assertThat(r.alarm().summary()).contains("2 of the last 3").contains("NG136"));
    }

    @Test
    void commonCauseScatterAroundAPersonalBaselineRaisesNothing() {
        long seed = 20260302L;
        Random rnd = new Random(seed);
        Fixture f = new Fixture("vitals: {baseline: {measures: [weight]}}");
        List<Outcome> out = new ArrayList<>();
        int alarms = 0;
        for (int i = 0; i < 200; i++) {
            out = f.weight(80 + rnd.nextGaussian() * 0.5);
            alarms += Fixture.raisesKeyed(out, "baseline/weight").size();
            f.clock.advance(Duration.ofHours(12));
        }
        // Western Electric's false-alarm rate is about 1 in 90 points for all four rules together; an open alarm
        // absorbs repeats, so a handful of raises over 200 points is the expected behaviour. Seed: 20260302.
        assertThat(alarms).as("seed %d", seed).isLessThanOrEqualTo(4);
    }

    @Test
    void aSustainedShiftIsSpecialCauseVariation() {
        Fixture f = new Fixture("vitals: {baseline: {measures: [weight]}}");
        double[] usual = {80.2, 79.8, 80.1, 79.9, 80.3, 79.7, 80.0, 80.2, 79.9, 80.1};
        for (int i = 0; i < 30; i++) {
            f.weight(usual[i % usual.length]);
            f.clock.advance(Duration.ofHours(12));
        }
        List<Outcome.Raise> raised = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // +1 kg: beyond 2σ of a ±0.2 kg baseline but far under any absolute limit.
            raised.addAll(Fixture.raisesKeyed(f.weight(81.0), "baseline/weight"));
            f.clock.advance(Duration.ofHours(12));
        }
        assertThat(raised).singleElement().satisfies(r -> assertThat(r.alarm().summary())
                .contains("special-cause").contains("Western Electric"));
    }

    @Test
    void oneReadingBeyondThreeSigmaIsSpecialCause() {
        Fixture f = new Fixture("vitals: {baseline: {measures: [pulse]}}");
        for (int i = 0; i < 30; i++) {
            f.pulse(70 + (i % 5) - 2);
            f.clock.advance(Duration.ofHours(1));
        }
        assertThat(Fixture.raisesKeyed(f.pulse(70), "baseline/pulse")).isEmpty();
        f.clock.advance(Duration.ofHours(1));
        assertThat(Fixture.raisesKeyed(f.pulse(80), "baseline/pulse")).singleElement()
                .satisfies(r -> assertThat(r.alarm().summary()).contains("rule 1"));
    }

    @Test
    void aContinuousStreamIsSampledForTheBaselineNotJudgedReadingByReading() {
        Fixture f = new Fixture("vitals: {baseline: {measures: [pulse], minSpacing: 1h}}");
        for (int i = 0; i < 3600; i++) {
            f.pulse(70 + (i % 7) - 3); // a 1 Hz strap: one hour is one baseline point, not 3600
            f.clock.advance(java.time.Duration.ofSeconds(1));
        }
        // one baseline sample (still in the lag) + the home-BP rule's fixed 8 day slots
        assertThat(f.engine.stats().retainedValues()).isEqualTo(1 + 8);
    }
}
