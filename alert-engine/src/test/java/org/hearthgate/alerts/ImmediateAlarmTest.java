package org.hearthgate.alerts;

import org.hearthgate.contract.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.HazardKind;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.PullCord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImmediateAlarmTest {
    private static final DeviceId PENDANT = DeviceId.of("pendant-1");

    private static Fixture fixture() {
        return new Fixture(CarePlan.parse("activity: {inactivity: [{id: quiet, mode: continuous, after: 1h}]}"),
                LocalDateTime.of(2026, 3, 2, 9, 0));
    }

    @Test
    void eachImmediateTriggerRaisesWithItsPriority() {
        Fixture f = fixture();
        assertThat(Fixture.raises(f.feed(new PendantPress(PENDANT, f.now())))).singleElement()
                .satisfies(r -> {
                    assertThat(r.alarm().code()).isEqualTo(EventCode.PERSONAL_TRIGGER);
                    assertThat(r.alarm().priority()).isEqualTo(Priority.CRITICAL);
                });
        assertThat(Fixture.raises(f.feed(new PullCord(DeviceId.of("cord-1"), f.now(), "bathroom")), EventCode.PULL_CORD)).hasSize(1);
        assertThat(Fixture.raises(f.feed(new FallDetected(DeviceId.of("watch-1"), f.now(), 0.9, FallSource.WEARABLE)),
                EventCode.FALL_DETECTED)).hasSize(1);
        assertThat(Fixture.raises(f.feed(new FallDetected(DeviceId.of("mat-1"), f.now(), 1, FallSource.FALL_MAT)),
                EventCode.FALL_MAT)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(HazardKind.class)
    void everyHazardRaisesAtOnce(HazardKind kind) {
        Fixture f = fixture();
        List<Outcome.Raise> r = Fixture.raises(f.feed(new Hazard(DeviceId.of("det-1"), f.now(), kind, "kitchen")));
        assertThat(r).singleElement().satisfies(a -> assertThat(a.alarm().priority())
                .isEqualTo(kind == HazardKind.FLOOD ? Priority.HIGH : Priority.CRITICAL));
    }

    @Test
    void aPendantPressDuringAPreAlarmIsRaisedFirst() {
        Fixture f = fixture();
        f.jump(Duration.ofHours(1));
        assertThat(f.engine.pendingPreAlarms()).hasSize(1);
        List<Outcome> out = f.feed(new PendantPress(PENDANT, f.now()));
        assertThat(out.get(0)).isInstanceOfSatisfying(Outcome.Raise.class,
                r -> assertThat(r.alarm().code()).isEqualTo(EventCode.PERSONAL_TRIGGER));
        // the press is also activity: the inactivity pre-alarm it answers ends, after the alarm
        assertThat(Fixture.events(out, EventCode.PRE_ALARM_CANCELLED)).hasSize(1);
    }

    @Test
    void awayModeAndDeferredNoticesNeverDelayAPendant() {
        Fixture f = fixture();
        f.jump(Duration.ofHours(1));
        f.engine.setAway(true); // queues a PRE_ALARM_CANCELLED notice
        List<Outcome> out = f.feed(new PendantPress(PENDANT, f.now()));
        assertThat(out.get(0)).isInstanceOf(Outcome.Raise.class);
        assertThat(Fixture.events(out, EventCode.PRE_ALARM_CANCELLED)).hasSize(1);
    }

    @Test
    void aPendantFromADeviceClockInTheFutureStillRaisesAtOnce() {
        Fixture f = fixture();
        assertThat(Fixture.raises(f.feed(new PendantPress(PENDANT, f.now().plus(Duration.ofDays(400)))))).hasSize(1);
    }

    @Test
    void pressingAgainWhileOpenIsReportedEveryTimeNotAsASecondAlarm() {
        Fixture f = fixture();
        f.feed(new PendantPress(PENDANT, f.now()));
        for (int i = 1; i <= 3; i++) {
            List<Outcome> again = f.feed(new PendantPress(PENDANT, f.now()));
            assertThat(Fixture.raises(again)).isEmpty();
            int n = i;
            assertThat(Fixture.updates(again)).singleElement()
                    .satisfies(u -> assertThat(u.update().reason()).contains("repeated (" + n + "x)"));
        }
        assertThat(f.engine.stats().openAlarms()).isEqualTo(1);
    }

    @Test
    void afterTheAlarmIsClosedTheNextPressRaisesANewOne() {
        Fixture f = fixture();
        Outcome.Raise first = Fixture.raises(f.feed(new PendantPress(PENDANT, f.now()))).get(0);
        f.engine.closed(first.alarm().alarm(), AlarmState.ACKNOWLEDGED);
        assertThat(Fixture.raises(f.feed(new PendantPress(PENDANT, f.now())))).isEmpty();
        f.engine.closed(first.alarm().alarm(), AlarmState.RESOLVED);
        assertThat(Fixture.raises(f.feed(new PendantPress(PENDANT, f.now())))).singleElement()
                .satisfies(r -> assertThat(r.alarm().alarm()).isNotEqualTo(first.alarm().alarm()));
    }

    @Test
    void aFailingRuleBecomesACountedFaultAndTheEngineCarriesOn() {
        ManualClock clock = new ManualClock(java.time.Instant.parse("2026-03-02T09:00:00Z"));
        int[] calls = {0};
        // The second alarm id cannot be minted: whatever rule asks for it fails inside the engine.
        AlertEngine engine = new AlertEngine(Fixture.RESIDENT, CarePlan.defaults(), clock, () -> {
            if (++calls[0] == 2) {
                throw new IllegalStateException("id source failed");
            }
            return org.hearthgate.contract.AlarmId.of("a" + calls[0]);
        });
        assertThat(Fixture.raises(engine.onObservation(new PendantPress(PENDANT, clock.instant())))).hasSize(1);
        List<Outcome> failed = engine.onObservation(new org.hearthgate.contract.obs.BodyTemperature(Fixture.THERMO,
                clock.instant(), org.hearthgate.contract.Quantity.of(39.5, org.hearthgate.contract.Ucum.CEL), null, null));
        assertThat(Fixture.events(failed, EventCode.DEVICE_FAULT)).singleElement()
                .satisfies(n -> assertThat(n.event().detail()).contains("rule evaluation failed").doesNotContain("39"));
        assertThat(engine.stats().ruleErrors()).isEqualTo(1);
        assertThat(Fixture.raises(engine.onObservation(new PullCord(DeviceId.of("cord-1"), clock.instant(), "bathroom"))))
                .singleElement().satisfies(r -> assertThat(r.alarm().code()).isEqualTo(EventCode.PULL_CORD));
    }
}
