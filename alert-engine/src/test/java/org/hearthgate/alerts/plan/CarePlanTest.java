package org.hearthgate.alerts.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.hearthgate.contract.alarm.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CarePlanTest {

    @Test
    void defaultsAreUsableAndEveryDefaultLimitNamesItsSource() {
        CarePlan p = CarePlan.defaults();
        assertThat(p.timeZone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(p.vitals().spo2Scale()).isEqualTo(1);
        assertThat(p.vitals().limits()).isNotEmpty().allSatisfy(l -> assertThat(l.source()).isNotBlank());
        assertThat(p.vitals().homeBloodPressure().stage1Systolic()).isEqualTo(135);
        assertThat(p.vitals().homeBloodPressure().stage2Diastolic()).isEqualTo(95);
        assertThat(p.activity().preAlarm().duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.activity().preAlarm().repeatEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.activity().inactivity()).singleElement()
                .satisfies(i -> assertThat(i.after()).isEqualTo(Duration.ofHours(12)));
    }

    @Test
    void aPlanTheEngineCouldNotRunIsRefusedByTheParser() {
        StringBuilder yaml = new StringBuilder("vitals: {limits: [");
        for (int i = 0; i < 16; i++) {
            yaml.append(i == 0 ? "" : ", ").append("{id: l").append(i).append(", measure: spo2, below: ").append(70 + i)
                    .append('}');
        }
        // spo2-low is the 17th group of SpO2 limits.
        assertThatThrownBy(() -> CarePlan.parse(yaml.append("]}").toString())).isInstanceOf(CarePlanException.class)
                .hasMessage("care plan: vitals.limits: more than 16 limit groups for spo2");
    }

    @Test
    void scale2ChangesTheSpo2DefaultTo88() {
        CarePlan p = CarePlan.parse("vitals: {spo2Scale: 2}");
        assertThat(p.vitals().limits()).filteredOn(l -> l.id().equals("spo2-low")).singleElement()
                .satisfies(l -> assertThat(l.limit()).isEqualTo(88));
    }

    @Test
    void aPlanCanOverrideDisableAndAddLimits() {
        CarePlan p = CarePlan.parse("""
                vitals:
                  limits:
                    - {id: fever, above: 37.8}
                    - {id: cold-home, enabled: false}
                    - {id: glucose-high, measure: glucose, above: 15, for: 2h, count: 2, priority: medium}
                """);
        assertThat(p.vitals().limits()).extracting(CarePlan.Limit::id).contains("fever", "glucose-high")
                .doesNotContain("cold-home");
        CarePlan.Limit fever = p.vitals().limits().stream().filter(l -> l.id().equals("fever")).findFirst().orElseThrow();
        assertThat(fever.limit()).isEqualTo(37.8);
        assertThat(fever.source()).startsWith("care plan (default:");
        CarePlan.Limit high = p.vitals().limits().stream().filter(l -> l.id().equals("glucose-high")).findFirst().orElseThrow();
        assertThat(high.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(high.priority()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void unquotedTimesAreReadAsTimes() {
        CarePlan p = CarePlan.parse("activity: {inactivity: [{id: up, mode: window, from: 06:30, to: 10:00}]}");
        assertThat(p.activity().inactivity().get(0).from()).isEqualTo(LocalTime.of(6, 30));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "vitals: {spo2Scale: 3}|vitals.spo2Scale|outside 1..2",
        "vitals: {limits: [{id: x, measure: spo2, bellow: 90}]}|vitals.limits[0].bellow|unknown key",
        "vitals: {limits: [{id: x, measure: spo2}]}|vitals.limits[0].below|needs one of",
        "vitals: {limits: [{id: x, measure: sugar, below: 4}]}|vitals.limits[0].measure|unknown measure",
        "vitals: {limits: [{id: fever, above: 60}]}|vitals.limits[0].above|outside 30..43",
        "vitals: {limits: [{id: fever, above: 38, below: 35}]}|vitals.limits[0].below|exactly one",
        "vitals: {limits: [{id: fever, for: soon}]}|vitals.limits[0].for|not a duration",
        "vitals: {limits: [{id: fever, priority: urgent}]}|vitals.limits[0].priority|not one of",
        "vitals: {limits: [{id: nope, enabled: false}]}|vitals.limits[0].id|not a default limit",
        "vitals: {homeBloodPressure: {stage1: 135-85}}|vitals.homeBloodPressure.stage1|systolic/diastolic",
        "vitals: {homeBloodPressure: {stage1: 150/95, stage2: 140/90}}|vitals.homeBloodPressure.stage2|not be below",
        "vitals: {schedule: [{measure: weight, at: [\"25:00\"]}]}|vitals.schedule[0].at[0]|not a time",
        "vitals: {schedule: [{measure: weight, at: [\"08:00\"], grace: 3h, escalateAfter: 2h}]}|vitals.schedule[0].escalateAfter|longer than grace",
        "vitals: {schedule: [{measure: bloodPressure, at: [\"08:00\", \"09:00\"]}]}|vitals.schedule[0].escalateAfter|shorter than the gap",
        "activity: {inactivity: [{id: q, mode: sometimes}]}|activity.inactivity[0].mode|not one of",
        "activity: {inactivity: [{id: q, mode: continuous, after: 10m}]}|activity.inactivity[0].after|outside 30m..50h",
        "activity: {inactivity: [{id: q, mode: window, from: \"10:00\", to: \"06:00\"}]}|activity.inactivity[0].to|after 'from'",
        "activity: {inactivity: [{id: q, mode: window, to: \"10:00\"}]}|activity.inactivity[0].from|is required",
        "activity: {preAlarm: {duration: 2h}}|activity.preAlarm.duration|outside",
        "timeZone: Mars/Olympus|timeZone|not a time-zone id",
        "supervision: {batteryLowBelow: 'low'}|supervision.batteryLowBelow|must be a number",
        "vitals: [1, 2]|vitals|must be a mapping",
        "speling: 1|speling|unknown key",
        "supervision: {checkIn: {pendant-1: 1m}}|supervision.checkIn.pendant-1|outside 5m..30d",
    })
    void aBadValueIsRejectedNamingTheKeyAndTheReason(String yaml, String key, String reason) {
        assertThatThrownBy(() -> CarePlan.parse(yaml)).isInstanceOfSatisfying(CarePlanException.class, e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.reason()).contains(reason);
            assertThat(e.getMessage()).isEqualTo("care plan: " + key + ": " + e.reason());
        });
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> CarePlan.parse("vitals:\n  spo2Scale: [1\n")).isInstanceOf(CarePlanException.class)
                .hasMessageContaining("not valid YAML at line");
    }

    static Stream<Path> examplePlans() throws IOException {
        Path dir = Path.of("..", "docs", "examples");
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        // directory.yaml is the sample care directory (cloud-relay's admin import), not a care plan
        return Files.list(dir).filter(p -> p.toString().endsWith(".yaml"))
                .filter(p -> !p.getFileName().toString().equals("directory.yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examplePlans")
    void everyExamplePlanInTheDocsIsValid(Path plan) throws IOException {
        assertThat(CarePlan.parse(Files.readString(plan)).ruleCount()).isPositive();
    }
}
