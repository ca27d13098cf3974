package org.hearthgate.alerts.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.EventCode;
import org.junit.jupiter.api.Test;

class MissedReadingTest {
    private static final String PLAN = """
            vitals:
              schedule:
                - measure: bloodPressure
                  at: ["08:00", "20:00"]
                  grace: 30m
                  escalateAfter: 2h
                  notifyFamily: true
            """;

    private static Fixture at7() {
        return new Fixture(CarePlan.parse(PLAN), LocalDateTime.of(2026, 3, 2, 7, 0));
    }

    @Test
    void aMissedReadingRemindsTheResidentAndFamilyAfterTheGrace() {
        Fixture f = at7();
        assertThat(f.jump(Duration.ofMinutes(89))).isEmpty(); // 08:29
        List<Outcome> out = f.jump(Duration.ofMinutes(1)); // 08:30
        assertThat(Fixture.prompts(out)).singleElement().satisfies(p -> {
            assertThat(p.text()).contains("blood pressure");
            assertThat(p.cancellable()).isFalse();
        });
        assertThat(Fixture.events(out, EventCode.REMINDER)).hasSize(1);
        assertThat(f.jump(Duration.ofMinutes(10))).isEmpty(); // reminded once, not every tick
    }

    @Test
    void aReadingStillMissingAfterEscalateAfterRaisesAnAlarm() {
        Fixture f = at7();
        f.jump(Duration.ofMinutes(90));
        assertThat(Fixture.raises(f.jump(Duration.ofMinutes(89)), EventCode.MISSED_MEASUREMENT)).isEmpty(); // 09:59
        assertThat(Fixture.raises(f.jump(Duration.ofMinutes(1)), EventCode.MISSED_MEASUREMENT)).hasSize(1); // 10:00
    }

    @Test
    void aReadingWithinTheEarlyWindowSatisfiesTheDueTime() {
        Fixture f = at7();
        f.clock.advance(Duration.ofMinutes(30)); // 07:30, inside the hour before 08:00
        f.bp(128, 78);
        assertThat(f.jump(Duration.ofMinutes(60))).isEmpty();
        assertThat(f.jump(Duration.ofHours(2))).isEmpty();
    }

    @Test
    void aLateReadingEndsTheReminderBeforeEscalation() {
        Fixture f = at7();
        f.jump(Duration.ofMinutes(90)); // reminded
        f.clock.advance(Duration.ofMinutes(10));
        f.bp(128, 78);
        assertThat(Fixture.raises(f.jump(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void familyIsNotToldUnlessThePlanSaysSo() {
        Fixture f = new Fixture(CarePlan.parse(PLAN.replace("true", "false")), LocalDateTime.of(2026, 3, 2, 7, 0));
        List<Outcome> out = f.jump(Duration.ofMinutes(90));
        assertThat(Fixture.prompts(out)).hasSize(1);
        assertThat(Fixture.events(out, EventCode.REMINDER)).isEmpty();
    }

    @Test
    void dueTimesAreLocalAcrossTheClockChange() {
        // British Summer Time starts at 01:00 UTC on Sunday 29 March 2026: 08:00 local is then 07:00 UTC.
        Fixture f = new Fixture(CarePlan.parse(PLAN), LocalDateTime.of(2026, 3, 28, 21, 0));
        f.clock.set(java.time.Instant.parse("2026-03-29T07:29:59Z"));
        assertThat(Fixture.prompts(f.engine.tick())).isEmpty();
        f.clock.set(java.time.Instant.parse("2026-03-29T07:30:00Z"));
        assertThat(Fixture.prompts(f.engine.tick())).hasSize(1);
    }
}
