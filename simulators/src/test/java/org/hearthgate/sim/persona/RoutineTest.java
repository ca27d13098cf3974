package org.hearthgate.sim.persona;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** A persona's days are repeatable, vary from day to day, and keep to what an ordinary day looks like. */
class RoutineTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    @Test
    void theSameDayIsTheSameEveryTimeAndDaysDiffer() {
        Routine a = new Routine(Persona.edith());
        Routine b = new Routine(Persona.edith());
        assertThat(a.day(MONDAY, true, true)).isEqualTo(b.day(MONDAY, true, true));
        assertThat(a.day(MONDAY, false, false)).isNotEqualTo(a.day(MONDAY.plusDays(1), false, false));
        assertThat(new Routine(Persona.edith().withSeed(7)).day(MONDAY, false, false))
                .isNotEqualTo(a.day(MONDAY, false, false));
        Vitals v = new Vitals(Persona.arthur());
        assertThat(new Vitals(Persona.arthur()).bloodPressure(MONDAY, 0, 1)).isEqualTo(v.bloodPressure(MONDAY, 0, 1));
        assertThat(new Vitals(Persona.arthur()).weight(MONDAY)).isEqualTo(v.weight(MONDAY));
    }

    @RepeatedTest(60)
    void anOrdinaryDayKeepsToTheHabitsACarePlanExpects(RepetitionInfo rep) {
        Persona p = rep.getCurrentRepetition() % 2 == 0 ? Persona.edith() : Persona.arthur();
        LocalDate day = MONDAY.plusDays(rep.getCurrentRepetition());
        List<Step> steps = new Routine(p).day(day, true, true);
        assertThat(steps).isSorted();
        LocalDateTime up = steps.getFirst().at();
        assertThat(Duration.between(day.atTime(p.wakes()), up).abs()).isLessThanOrEqualTo(p.jitter());
        assertThat(steps).filteredOn(s -> s.act() instanceof Act.TakeBloodPressure).hasSize(2);
        assertThat(steps).filteredOn(s -> s.act() instanceof Act.Weigh).hasSize(1);
        // The kitchen before 11:00; no front door at night (22:00-07:00).
        assertThat(steps).anyMatch(s -> s.act() instanceof Act.EnterRoom r && r.room().equals("kitchen")
                && s.at().toLocalTime().isBefore(LocalTime.of(11, 0)));
        assertThat(steps).noneMatch(s -> s.act() instanceof Act.FrontDoor
                && (s.at().toLocalTime().isAfter(LocalTime.of(22, 0)) || s.at().toLocalTime().isBefore(LocalTime.of(7, 0))));
        // At night, back in bed within a quarter of an hour of leaving it.
        LocalDateTime left = null;
        for (Step s : steps) {
            if (s.act() instanceof Act.Bed b && s.at().isAfter(up)) {
                if (!b.occupied()) {
                    left = s.at();
                } else if (left != null) {
                    assertThat(Duration.between(left, s.at())).isLessThanOrEqualTo(Duration.ofMinutes(15));
                    left = null;
                }
            }
        }
        // Awake and at home: never more than two hours without a step.
        LocalDateTime bed = steps.stream().filter(s -> s.act() instanceof Act.Bed b && b.occupied()).findFirst()
                .orElseThrow().at();
        List<LocalDateTime> awake = steps.stream().map(Step::at).filter(t -> !t.isAfter(bed)).toList();
        for (int i = 1; i < awake.size(); i++) {
            assertThat(Duration.between(awake.get(i - 1), awake.get(i))).isLessThanOrEqualTo(Duration.ofHours(2));
        }
    }
}
