package org.hearthgate.alerts.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class News2Test {

    @ParameterizedTest(name = "scale 1 SpO2 {0} scores {1}")
    @CsvSource({"91, 3", "92, 2", "93, 2", "94, 1", "95, 1", "96, 0"})
    void spo2Scale1(double spo2, int score) {
        assertThat(News2.spo2Scale1(spo2)).isEqualTo(score);
    }

    @ParameterizedTest(name = "scale 2 SpO2 {0} on oxygen {1} scores {2}")
    @CsvSource({"83, false, 3", "84, false, 2", "85, false, 2", "86, false, 1", "87, false, 1", "88, false, 0",
            "91, false, 0", "92, false, 0", "93, false, 0", "99, false, 0", "93, true, 1", "94, true, 1", "95, true, 2",
            "96, true, 2", "97, true, 3"})
    void spo2Scale2(double spo2, boolean oxygen, int score) {
        assertThat(News2.spo2Scale2(spo2, oxygen)).isEqualTo(score);
    }

    @ParameterizedTest(name = "systolic {0} scores {1}")
    @CsvSource({"90, 3", "91, 2", "100, 2", "101, 1", "110, 1", "111, 0", "219, 0", "220, 3"})
    void systolic(double sbp, int score) {
        assertThat(News2.systolic(sbp)).isEqualTo(score);
    }

    @ParameterizedTest(name = "pulse {0} scores {1}")
    @CsvSource({"40, 3", "41, 1", "50, 1", "51, 0", "90, 0", "91, 1", "110, 1", "111, 2", "130, 2", "131, 3"})
    void pulse(double hr, int score) {
        assertThat(News2.pulse(hr)).isEqualTo(score);
    }

    @ParameterizedTest(name = "temperature {0} scores {1}")
    @CsvSource({"35.0, 3", "35.1, 1", "36.0, 1", "36.1, 0", "38.0, 0", "38.1, 1", "39.0, 1", "39.1, 2"})
    void temperature(double c, int score) {
        assertThat(News2.temperature(c)).isEqualTo(score);
    }

    @ParameterizedTest(name = "total {0}, single 3 {1}: {2}")
    @CsvSource({"4, false, LOW", "3, true, LOW_MEDIUM", "5, false, MEDIUM", "6, true, MEDIUM", "7, false, HIGH"})
    void responseBands(int total, boolean three, News2.Band band) {
        assertThat(News2.band(total, three)).isEqualTo(band);
    }

    @Test
    void partialScoreFromHomeVitalsIsLabelledAndBanded() {
        Fixture f = new Fixture("");
        f.spo2(94);          // 1
        f.pulse(112);        // 2
        List<Outcome> out = f.temperature(38.4); // 1 -> total 4, low: no NEWS2 alarm
        assertThat(Fixture.raises(out, EventCode.EARLY_WARNING_SCORE)).isEmpty();
        out = f.bp(105, 70); // systolic 1 -> total 5, medium
        assertThat(Fixture.raises(out, EventCode.EARLY_WARNING_SCORE)).singleElement().satisfies(r -> {
            assertThat(r.alarm().priority()).isEqualTo(Priority.HIGH);
            assertThat(r.alarm().summary()).startsWith("partial NEWS2 5 (medium").contains("4 of 7 parameters")
                    .contains("not measured");
        });
    }

    @Test
    void aSingleParameterScoringThreeIsLowMediumAndSevenIsAnEmergency() {
        Fixture f = new Fixture("");
        List<Outcome> out = f.pulse(38);
        assertThat(Fixture.raises(out, EventCode.EARLY_WARNING_SCORE)).singleElement()
                .extracting(r -> r.alarm().priority()).isEqualTo(Priority.MEDIUM);
        f.spo2(91); // +3 -> 6
        out = f.bp(95, 60); // +2 -> 8
        assertThat(Fixture.updates(out)).anySatisfy(u -> assertThat(u.update().priority()).isEqualTo(Priority.CRITICAL));
    }

    @Test
    void readingsOlderThanMaxAgeLeaveTheScore() {
        Fixture f = new Fixture("");
        f.pulse(115); // 2
        f.clock.advance(Duration.ofMinutes(61));
        f.spo2(93); // 2; the pulse is stale, so the total is 2, not 4
        assertThat(Fixture.raises(f.temperature(38.5), EventCode.EARLY_WARNING_SCORE)).isEmpty(); // 2 + 1 = 3
    }

    @Test
    void oxygenOnScale2ScoresHighSaturationsAndTheAirParameter() {
        Fixture f = new Fixture("vitals: {spo2Scale: 2, supplementalOxygen: true}");
        // on oxygen: 2; SpO2 97 on O2: 3 -> total 5 and a single 3
        assertThat(Fixture.raises(f.spo2(97), EventCode.EARLY_WARNING_SCORE)).singleElement()
                .extracting(r -> r.alarm().priority()).isEqualTo(Priority.HIGH);
    }
}
