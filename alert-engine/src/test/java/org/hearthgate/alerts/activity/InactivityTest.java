package org.hearthgate.alerts.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.EventCode;
import org.junit.jupiter.api.Test;

class InactivityTest {
    private static final String CONTINUOUS = """
            activity:
              inactivity:
                - {id: quiet, mode: continuous, after: 2h}
            """;
    private static final String NOT_UP = """
            activity:
              inactivity:
                - {id: not-up, mode: window, from: "06:00", to: "10:00"}
            """;
    private static final String QUIET_IN_WINDOW = """
            activity:
              inactivity:
                - {id: daytime, mode: windowInactive, from: "09:00", to: "18:00", after: 3h}
            """;

    private static Fixture fixture(String yaml, int hour) {
        return new Fixture(CarePlan.parse(yaml), LocalDateTime.of(2026, 3, 2, hour, 0));
    }

    @Test
    void mode1ContinuousInactivityStartsACancellablePreAlarmThenAlarms() {
        Fixture f = fixture(CONTINUOUS, 9);
        f.motion("hall");
        assertThat(f.jump(Duration.ofHours(2).minusSeconds(1))).isEmpty();
        List<Outcome> pre = f.jump(Duration.ofSeconds(1));
        assertThat(Fixture.prompts(pre)).singleElement().satisfies(p -> assertThat(p.cancellable()).isTrue());
        assertThat(Fixture.events(pre, EventCode.PRE_ALARM)).hasSize(1);
        assertThat(Fixture.raises(pre)).isEmpty();
        // Tunstall: the announcement repeats every 30 s through the 10-minute warning.
        List<Outcome> warning = f.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(Fixture.prompts(warning)).hasSize(19);
        assertThat(Fixture.raises(warning)).isEmpty();
        List<Outcome> alarm = f.advance(Duration.ofSeconds(1));
        assertThat(Fixture.raises(alarm, EventCode.INACTIVITY)).singleElement()
                .satisfies(r -> assertThat(r.alarm().summary()).contains("no activity for 2 h"));
    }

    @Test
    void afterAnAlarmTheRuleIsSuspendedUntilActivityResumes() {
        Fixture f = fixture(CONTINUOUS, 9);
        f.jump(Duration.ofHours(2));
        f.jump(Duration.ofMinutes(10));
        assertThat(Fixture.raises(f.jump(Duration.ofHours(5)))).isEmpty();
        f.motion("hall");
        f.jump(Duration.ofHours(2));
        assertThat(f.engine.pendingPreAlarms()).containsExactly("inactivity/quiet");
    }

    @Test
    void pressingCancelEndsThePreAlarmAndNoAlarmFollows() {
        Fixture f = fixture(CONTINUOUS, 9);
        f.jump(Duration.ofHours(2));
        f.clock.advance(Duration.ofMinutes(3));
        List<Outcome> cancelled = f.engine.cancelPressed();
        assertThat(Fixture.events(cancelled, EventCode.PRE_ALARM_CANCELLED)).hasSize(1);
        assertThat(f.engine.pendingPreAlarms()).isEmpty();
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void activityDuringThePreAlarmCancelsIt() {
        Fixture f = fixture(CONTINUOUS, 9);
        f.jump(Duration.ofHours(2));
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(Fixture.events(f.motion("kitchen"), EventCode.PRE_ALARM_CANCELLED)).hasSize(1);
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(10)))).isEmpty();
    }

    @Test
    void awayModePausesInactivityAndCancelsARunningPreAlarm() {
        Fixture f = fixture(CONTINUOUS, 9);
        f.jump(Duration.ofHours(2));
        f.engine.setAway(true);
        List<Outcome> next = f.jump(Duration.ofSeconds(1));
        assertThat(Fixture.events(next, EventCode.PRE_ALARM_CANCELLED)).singleElement()
                .satisfies(n -> assertThat(n.event().detail()).contains("away"));
        assertThat(Fixture.raises(f.jump(Duration.ofHours(30)))).isEmpty();
        f.engine.setAway(false);
        assertThat(f.jump(Duration.ofHours(2).minusSeconds(1))).isEmpty(); // coming home counts as activity
        assertThat(f.engine.pendingPreAlarms()).isEmpty();
        f.jump(Duration.ofSeconds(1));
        assertThat(f.engine.pendingPreAlarms()).hasSize(1);
    }

    @Test
    void mode2NotUpBy10RaisesWhenTheWindowClosesWithoutActivity() {
        Fixture f = fixture(NOT_UP, 5);
        assertThat(f.jump(Duration.ofHours(5).minusSeconds(1))).isEmpty(); // 09:59:59
        List<Outcome> pre = f.jump(Duration.ofSeconds(1)); // 10:00
        assertThat(f.engine.pendingPreAlarms()).containsExactly("inactivity/not-up");
        assertThat(Fixture.prompts(pre)).hasSize(1);
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(10)), EventCode.INACTIVITY)).singleElement()
                .satisfies(r -> assertThat(r.alarm().summary()).contains("between 06:00 and 10:00"));
    }

    @Test
    void mode2ActivityInsideTheWindowSatisfiesTheDay() {
        Fixture f = fixture(NOT_UP, 5);
        f.jump(Duration.ofHours(2)); // 07:00
        f.motion("bedroom");
        assertThat(f.jump(Duration.ofHours(3))).isEmpty(); // 10:00
        assertThat(f.jump(Duration.ofHours(12))).isEmpty();
    }

    @Test
    void mode2ActivityBeforeTheWindowDoesNotCount() {
        Fixture f = fixture(NOT_UP, 5);
        f.motion("hall"); // 05:00, a night visit, not getting up
        f.jump(Duration.ofHours(5));
        assertThat(f.engine.pendingPreAlarms()).hasSize(1);
    }

    @Test
    void mode3InactiveForNMinutesInsideTheWindow() {
        Fixture f = fixture(QUIET_IN_WINDOW, 8);
        f.motion("hall"); // 08:00, before the window: the clock starts at 09:00
        assertThat(f.jump(Duration.ofHours(4).minusSeconds(1))).isEmpty(); // 11:59:59
        f.jump(Duration.ofSeconds(1));
        assertThat(f.engine.pendingPreAlarms()).containsExactly("inactivity/daytime");
    }

    @Test
    void mode3DoesNotRunOutsideItsWindow() {
        Fixture f = fixture(QUIET_IN_WINDOW, 18);
        assertThat(f.jump(Duration.ofHours(14))).isEmpty(); // 08:00 next day
    }

    @Test
    void noKitchenActivityByTheGivenTimeTellsFamilyWithoutAPreAlarm() {
        Fixture f = fixture("activity: {kitchen: {by: \"11:00\"}}", 6);
        f.motion("bedroom");
        f.jump(Duration.ofHours(2));
        f.motion("hall");
        List<Outcome> out = f.jump(Duration.ofHours(3)); // 11:00
        assertThat(Fixture.raises(out, EventCode.NO_KITCHEN_ACTIVITY)).hasSize(1);
        assertThat(Fixture.prompts(out)).isEmpty();
        Fixture g = fixture("activity: {kitchen: {by: \"11:00\"}}", 6);
        g.jump(Duration.ofHours(2));
        g.motion("Kitchen");
        assertThat(Fixture.raises(g.jump(Duration.ofHours(3)))).isEmpty();
    }

    @Test
    void timeWindowsFollowThePlansTimeZone() {
        Fixture f = new Fixture(CarePlan.parse("timeZone: America/New_York\n" + NOT_UP),
                LocalDateTime.of(2026, 3, 2, 5, 0));
        f.jump(Duration.ofHours(5));
        assertThat(f.engine.pendingPreAlarms()).hasSize(1);
        assertThat(f.now().toString()).isEqualTo("2026-03-02T15:00:00Z");
    }

    @Test
    void aWindowThatClosedBeforeTheEngineStartedIsNotJudged() {
        Fixture f = fixture(NOT_UP, 21);
        assertThat(f.jump(Duration.ofSeconds(1))).isEmpty();
        assertThat(f.engine.pendingPreAlarms()).isEmpty();
    }

    @Test
    void aWindowOpenWhenTheEngineStartsIsJudgedOnWhatItSees() {
        Fixture f = fixture(NOT_UP, 9);
        f.jump(Duration.ofHours(1));
        assertThat(f.engine.pendingPreAlarms()).containsExactly("inactivity/not-up");
    }
}
