package org.hearthgate.alerts.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HomeBloodPressureTest {

    /** Baselines off so that only the HBPM rule speaks about a week of steady readings. */
    private static Fixture fixture() {
        return new Fixture(CarePlan.parse("vitals: {baseline: {enabled: false}}"), LocalDateTime.of(2026, 3, 2, 7, 0));
    }

    /** NG136 protocol: morning and evening sessions of two readings a minute apart, for {@code days} days. */
    private static List<Outcome> week(Fixture f, int days, double day1Sys, double sys, double dia) {
        List<Outcome> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            double s = d == 0 ? day1Sys : sys;
            for (int hour : new int[] {8, 20}) {
                f.clock.set(f.now().atZone(f.zone).toLocalDate().atTime(hour, 0).atZone(f.zone).toInstant());
                out.addAll(f.bp(s, dia));
                f.clock.advance(Duration.ofSeconds(70));
                out.addAll(f.bp(s, dia));
            }
            f.clock.advance(Duration.ofDays(1));
        }
        return out;
    }

    private static List<Outcome.Raise> hbpm(List<Outcome> out) {
        return Fixture.raisesKeyed(out, "hbpm");
    }

    @ParameterizedTest(name = "average {0}/80 over a week: stage 1 alarm {1}")
    @CsvSource({"134, false", "135, true", "136, true"})
    void systolicAverageIsComparedWith135(double sys, boolean alarms) {
        Fixture f = fixture();
        assertThat(hbpm(week(f, 7, sys, sys, 80))).hasSize(alarms ? 1 : 0);
    }

    @ParameterizedTest(name = "average 120/{0} over a week: stage 1 alarm {1}")
    @CsvSource({"84, false", "85, true", "86, true"})
    void diastolicAverageIsComparedWith85(double dia, boolean alarms) {
        Fixture f = fixture();
        assertThat(hbpm(week(f, 7, 120, 120, dia))).hasSize(alarms ? 1 : 0);
    }

    @ParameterizedTest(name = "average {0}/80: priority {1}")
    @CsvSource({"149, LOW", "150, MEDIUM"})
    void stage2From150Over95(double sys, Priority priority) {
        Fixture f = fixture();
        List<Outcome> out = week(f, 7, sys, sys, 80);
        assertThat(hbpm(out)).singleElement().extracting(r -> r.alarm().priority()).isEqualTo(priority);
        assertThat(hbpm(out).get(0).alarm().summary()).contains("day 1 discarded");
    }

    @Test
    void dayOneIsDiscarded() {
        Fixture f = fixture();
        // A first day of 170 would pull a 6-day average of 130 over 135 if it counted.
        assertThat(hbpm(week(f, 7, 170, 130, 80))).isEmpty();
    }

    @Test
    void noAverageBeforeFourDays() {
        Fixture f = fixture();
        assertThat(hbpm(week(f, 3, 140, 140, 80))).isEmpty();
        Fixture g = fixture();
        assertThat(hbpm(week(g, 4, 140, 140, 80))).hasSize(1);
    }

    @Test
    void aSecondReadingWithinAMinuteIsNotUsed() {
        Fixture f = fixture();
        List<Outcome> out = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            f.clock.set(f.now().atZone(f.zone).toLocalDate().atTime(8, 0).atZone(f.zone).toInstant());
            out.addAll(f.bp(130, 80));
            f.clock.advance(Duration.ofSeconds(30));
            out.addAll(f.bp(160, 80)); // rushed: discarded, else the average would be 145
            f.clock.advance(Duration.ofDays(1));
        }
        assertThat(hbpm(out)).isEmpty();
        assertThat(f.engine.stats().unusableReadings()).isEqualTo(5);
    }
}
