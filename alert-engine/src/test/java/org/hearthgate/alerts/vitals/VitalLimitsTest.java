package org.hearthgate.alerts.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearthgate.alerts.Fixture.raisesKeyed;
import static org.hearthgate.alerts.Fixture.updates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.contract.alarm.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VitalLimitsTest {

    private static List<Outcome> twice(Fixture f, Duration apart, java.util.function.Supplier<List<Outcome>> reading) {
        List<Outcome> out = new ArrayList<>(reading.get());
        f.clock.advance(apart);
        out.addAll(reading.get());
        return out;
    }

    @ParameterizedTest(name = "scale {0}: SpO2 {1} % for 5 min alarms: {2}")
    @CsvSource({"1, 91, true", "1, 92, false", "1, 93, false", "2, 91, false", "2, 92, false", "2, 93, false",
            "2, 87, true", "2, 88, false"})
    void spo2LimitFollowsTheScaleOfThePlan(int scale, double spo2, boolean alarms) {
        Fixture f = new Fixture("vitals: {spo2Scale: " + scale + "}");
        List<Outcome> out = twice(f, Duration.ofMinutes(5), () -> f.spo2(spo2));
        assertThat(raisesKeyed(out, "limit/spo2-low")).hasSize(alarms ? 1 : 0);
    }

    @Test
    void spo2BelowLimitForLessThanTheDurationDoesNotAlarm() {
        Fixture f = new Fixture("");
        List<Outcome> out = twice(f, Duration.ofMinutes(4).plusSeconds(59), () -> f.spo2(90));
        assertThat(raisesKeyed(out, "limit/spo2-low")).isEmpty();
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(raisesKeyed(f.spo2(90), "limit/spo2-low")).hasSize(1);
    }

    @Test
    void aReadingAboveTheLimitRestartsTheDuration() {
        Fixture f = new Fixture("");
        f.spo2(90);
        f.clock.advance(Duration.ofMinutes(3));
        f.spo2(95);
        f.clock.advance(Duration.ofMinutes(3));
        assertThat(raisesKeyed(f.spo2(90), "limit/spo2-low")).isEmpty();
    }

    @ParameterizedTest(name = "pulse {0} twice: bradycardia alarm {1}")
    @CsvSource({"49, true", "50, false", "51, false"})
    void bradycardiaBelow50InTwoReadings(double hr, boolean alarms) {
        Fixture f = new Fixture("");
        List<Outcome> out = twice(f, Duration.ofMinutes(1), () -> f.pulse(hr));
        assertThat(raisesKeyed(out, "limit/pulse-low")).hasSize(alarms ? 1 : 0);
    }

    @ParameterizedTest(name = "pulse {0} once: severe bradycardia {1}")
    @CsvSource({"40, true", "41, false"})
    void severeBradycardiaAtOrBelow40AtOnce(double hr, boolean alarms) {
        Fixture f = new Fixture("");
        List<Outcome.Raise> r = raisesKeyed(f.pulse(hr), "limit/pulse-low");
        assertThat(r).hasSize(alarms ? 1 : 0);
        if (alarms) {
            assertThat(r.get(0).alarm().priority()).isEqualTo(Priority.HIGH);
        }
    }

    @ParameterizedTest(name = "pulse {0} for 10 min: tachycardia {1}")
    @CsvSource({"100, false", "101, true"})
    void tachycardiaAbove100ForTenMinutes(double hr, boolean alarms) {
        Fixture f = new Fixture("");
        List<Outcome> out = twice(f, Duration.ofMinutes(10), () -> f.pulse(hr));
        assertThat(raisesKeyed(out, "limit/pulse-high")).hasSize(alarms ? 1 : 0);
    }

    @ParameterizedTest(name = "pulse {0} once: severe tachycardia {1}")
    @CsvSource({"130, false", "131, true"})
    void severeTachycardiaFrom131AtOnce(double hr, boolean alarms) {
        Fixture f = new Fixture("");
        assertThat(raisesKeyed(f.pulse(hr), "limit/pulse-high")).hasSize(alarms ? 1 : 0);
    }

    @ParameterizedTest(name = "temperature {0} °C: {1}")
    @CsvSource({"35.0, temperature-low, HIGH", "35.1, -, -", "38.0, -, -", "38.1, temperature-high, MEDIUM",
            "39.0, temperature-high, MEDIUM", "39.1, temperature-high, HIGH"})
    void temperatureLimitsAtTheirBoundaries(double c, String group, String priority) {
        Fixture f = new Fixture("");
        List<Outcome> out = f.temperature(c);
        List<Outcome.Raise> raised = Fixture.raises(out).stream()
                .filter(r -> r.alarm().dedupKey().startsWith("limit/")).toList();
        if ("-".equals(group)) {
            assertThat(raised).isEmpty();
        } else {
            assertThat(raised).singleElement().satisfies(r -> {
                assertThat(r.alarm().dedupKey()).isEqualTo("limit/" + group);
                assertThat(r.alarm().priority()).isEqualTo(Priority.valueOf(priority));
            });
            // The worse limit of a group speaks for it: no second alarm, no redundant update.
            assertThat(updates(out)).isEmpty();
        }
    }

    @ParameterizedTest(name = "BP {0}/{1}: group {2}")
    @CsvSource({"179, 100, -", "180, 100, bp-high", "150, 109, -", "150, 110, bp-high", "90, 70, -",
            "89, 70, bp-low", "100, 60, -", "100, 59, bp-low"})
    void severeHypertensionAndHypotensionRaiseAtOnce(double sys, double dia, String group) {
        Fixture f = new Fixture("");
        List<Outcome.Raise> raised = Fixture.raises(f.bp(sys, dia)).stream()
                .filter(r -> r.alarm().dedupKey().startsWith("limit/")).toList();
        if ("-".equals(group)) {
            assertThat(raised).isEmpty();
        } else {
            assertThat(raised).singleElement().extracting(r -> r.alarm().dedupKey()).isEqualTo("limit/" + group);
        }
    }

    @Test
    void aWorseningConditionRaisesThePriorityOfTheOpenAlarm() {
        Fixture f = new Fixture("");
        List<Outcome> first = f.temperature(38.5);
        assertThat(raisesKeyed(first, "limit/temperature-high")).singleElement()
                .extracting(r -> r.alarm().priority()).isEqualTo(Priority.MEDIUM);
        f.clock.advance(Duration.ofMinutes(30));
        List<Outcome> worse = f.temperature(39.4);
        assertThat(Fixture.raises(worse)).isEmpty();
        assertThat(updates(worse)).singleElement().satisfies(u -> {
            assertThat(u.update().alarm()).isEqualTo(raisesKeyed(first, "limit/temperature-high").get(0).alarm().alarm());
            assertThat(u.update().priority()).isEqualTo(Priority.HIGH);
            assertThat(u.update().reason()).startsWith("worse:");
        });
    }

    @Test
    void repeatTriggersOnAnOpenAlarmAreCountedAndReportedLogarithmically() {
        Fixture f = new Fixture("");
        int updates = 0;
        f.temperature(38.5);
        for (int i = 0; i < 16; i++) {
            f.clock.advance(Duration.ofMinutes(1));
            updates += updates(f.temperature(38.5)).size();
        }
        assertThat(f.engine.stats().repeats()).isEqualTo(16);
        assertThat(updates).isEqualTo(5); // repeats 1, 2, 4, 8, 16
        assertThat(f.engine.stats().openAlarms()).isEqualTo(1);
    }

    @Test
    void hysteresisKeepsAWobblingReadingFromClearingAndRaisingAgain() {
        Fixture f = new Fixture("");
        Outcome.Raise raised = raisesKeyed(f.temperature(38.4), "limit/temperature-high").get(0);
        f.engine.closed(raised.alarm().alarm(), org.hearthgate.contract.alarm.AlarmState.RESOLVED);
        // 37.9 is below the limit but inside the 0.3 °C hysteresis: still the same episode, no new alarm on 38.1.
        f.temperature(37.9);
        assertThat(raisesKeyed(f.temperature(38.1), "limit/temperature-high")).hasSize(1);
        Fixture g = new Fixture("");
        g.temperature(38.4);
        List<Outcome> cleared = g.temperature(37.6);
        assertThat(updates(cleared)).singleElement().extracting(u -> u.update().reason()).asString()
                .contains("back within");
    }

    @Test
    void readingsTheDeviceFlagsInvalidAreCountedNotJudged() {
        Fixture f = new Fixture("");
        List<Outcome> out = f.feed(new org.hearthgate.contract.obs.BodyTemperature(Fixture.THERMO, f.now(),
                org.hearthgate.contract.Quantity.of(34, org.hearthgate.contract.Ucum.CEL), null,
                java.util.Set.of(org.hearthgate.contract.obs.Quality.INVALID)));
        assertThat(Fixture.raises(out)).isEmpty();
        assertThat(f.engine.stats().unusableReadings()).isEqualTo(1);
    }

    @Test
    void aPlanLimitOverridesTheDefault() {
        Fixture f = new Fixture("""
                vitals:
                  limits:
                    - id: bradycardia
                      below: 45
                      count: 1
                """);
        assertThat(raisesKeyed(f.pulse(46), "limit/pulse-low")).isEmpty();
        assertThat(raisesKeyed(f.pulse(44), "limit/pulse-low")).hasSize(1);
    }
}
