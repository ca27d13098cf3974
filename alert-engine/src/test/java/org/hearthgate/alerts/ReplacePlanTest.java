package org.hearthgate.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.PendantPress;
import org.junit.jupiter.api.Test;

/** A care plan pushed while the engine runs: the new rules apply at once, nothing known about the resident is lost. */
class ReplacePlanTest {
    private static final String CONTINUOUS = """
            activity:
              inactivity:
                - {id: quiet, mode: continuous, after: 2h}
            """;

    private static Fixture fixture(String yaml) {
        return new Fixture(CarePlan.parse(yaml), LocalDateTime.of(2026, 3, 2, 9, 0));
    }

    @Test
    void aTightenedSpo2LimitTakesEffectOnTheNextReading() {
        Fixture f = fixture("{}");
        assertThat(Fixture.raises(f.spo2(94))).isEmpty();
        List<Outcome> replaced = f.engine.replacePlan(CarePlan.parse("vitals: {limits: [{id: spo2-low, below: 95, for: 0s}]}"));
        assertThat(replaced).isEmpty();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(Fixture.raisesKeyed(f.spo2(94), "limit/spo2-low")).singleElement()
                .satisfies(r -> assertThat(r.alarm().summary()).contains("< 95"));
        assertThat(f.engine.plan().vitals().limits()).anySatisfy(l -> assertThat(l.limit()).isEqualTo(95));
    }

    @Test
    void anOpenAlarmStaysOpenAndCanStillBeClosed() {
        Fixture f = fixture("vitals: {news2: {enabled: false}}");
        AlarmId pendant = Fixture.raises(f.feed(new PendantPress(DeviceId.of("pendant-1"), f.now()))).getFirst()
                .alarm().alarm();
        f.spo2(85);
        f.clock.advance(Duration.ofMinutes(5));
        AlarmId spo2 = Fixture.raisesKeyed(f.spo2(85), "limit/spo2-low").getFirst().alarm().alarm();
        assertThat(f.engine.stats().openAlarms()).isEqualTo(2);

        // The new plan tightens the limit the open alarm was raised by.
        f.engine.replacePlan(CarePlan.parse("vitals: {news2: {enabled: false}, limits: [{id: spo2-low, below: 94}]}"));
        assertThat(f.engine.stats().openAlarms()).isEqualTo(2);
        // Still low: the open alarm is repeated, not a second alarm raised.
        f.clock.advance(Duration.ofMinutes(1));
        List<Outcome> again = f.spo2(85);
        assertThat(Fixture.raises(again)).isEmpty();
        assertThat(Fixture.updates(again)).singleElement().satisfies(u -> assertThat(u.update().alarm()).isEqualTo(spo2));
        // Back within the new limit (and its hysteresis): told as the same alarm.
        assertThat(Fixture.updates(f.spo2(96))).singleElement()
                .satisfies(u -> assertThat(u.update().reason()).contains("back within spo2-low"));

        f.engine.closed(pendant, AlarmState.ACKNOWLEDGED);
        f.engine.closed(pendant, AlarmState.RESOLVED);
        assertThat(f.engine.stats().openAlarms()).isEqualTo(1);
        // The next press is a new alarm: the key was freed by the close, across the replacement.
        assertThat(Fixture.raises(f.feed(new PendantPress(DeviceId.of("pendant-1"), f.now())))).singleElement()
                .satisfies(r -> assertThat(r.alarm().alarm()).isNotEqualTo(pendant));
    }

    @Test
    void aRunningPreAlarmContinuesWhenItsRuleStays() {
        Fixture f = fixture(CONTINUOUS);
        f.jump(Duration.ofHours(2));
        assertThat(f.engine.pendingPreAlarms()).containsExactly("inactivity/quiet");
        f.engine.replacePlan(CarePlan.parse(CONTINUOUS + """
                  night: {from: "23:00", to: "07:00"}
                """));
        assertThat(f.engine.pendingPreAlarms()).containsExactly("inactivity/quiet");
        List<Outcome> later = f.advance(Duration.ofMinutes(10));
        assertThat(Fixture.raises(later, EventCode.INACTIVITY)).hasSize(1);
    }

    @Test
    void inactivityTimeAlreadyElapsedCountsUnderTheChangedRule() {
        Fixture f = fixture(CONTINUOUS);
        f.motion("hall");
        f.jump(Duration.ofMinutes(90));
        f.engine.replacePlan(CarePlan.parse("""
                activity:
                  inactivity:
                    - {id: quiet, mode: continuous, after: 100m}
                """));
        assertThat(Fixture.events(f.jump(Duration.ofMinutes(10)), EventCode.PRE_ALARM)).hasSize(1);
    }

    @Test
    void aPreAlarmOfARemovedRuleEndsAndIsReported() {
        Fixture f = fixture(CONTINUOUS);
        f.jump(Duration.ofHours(2));
        List<Outcome> out = f.engine.replacePlan(CarePlan.parse("activity: {inactivity: []}"));
        assertThat(Fixture.events(out, EventCode.PRE_ALARM_CANCELLED)).singleElement()
                .satisfies(n -> assertThat(n.event().detail()).contains("care plan changed"));
        assertThat(f.engine.pendingPreAlarms()).isEmpty();
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(15)))).isEmpty();
    }

    @Test
    void awayModeAndSupervisedDevicesCarryOver() {
        Fixture f = fixture(CONTINUOUS);
        f.engine.expect(DeviceId.of("pir-hall"));
        f.engine.setAway(true);
        f.engine.replacePlan(CarePlan.parse(CONTINUOUS + """
                supervision: {checkIn: {pir-hall: 1h}}
                """));
        assertThat(f.engine.away()).isTrue();
        assertThat(f.engine.stats().devices()).isEqualTo(1);
        // The device's new check-in interval applies to what was already known of it.
        List<Outcome> out = f.jump(Duration.ofHours(1));
        assertThat(Fixture.events(out, EventCode.SENSOR_MISSING)).hasSize(1);
        assertThat(Fixture.raises(f.jump(Duration.ofHours(3)))).isEmpty(); // away: no inactivity alarm
    }

    @Test
    void aPlanThatCannotRunLeavesTheEngineAsItWas() {
        Fixture f = fixture("{}");
        // The parser refuses such a plan; built by hand, the engine must refuse it as a whole too.
        CarePlan before = f.engine.plan();
        List<CarePlan.Limit> limits = new java.util.ArrayList<>(before.vitals().limits());
        CarePlan.Limit spo2 = limits.stream().filter(l -> l.id().equals("spo2-low")).findFirst().orElseThrow();
        for (int i = 0; i < 16; i++) {
            limits.add(new CarePlan.Limit("l" + i, spo2.measure(), spo2.comparison(), 70 + i, 1, Duration.ZERO, 1,
                    spo2.priority(), "g" + i, spo2.code(), "test"));
        }
        CarePlan.Vitals v = before.vitals();
        CarePlan tooMany = new CarePlan(before.timeZone(), new CarePlan.Vitals(v.spo2Scale(), v.supplementalOxygen(),
                v.news2(), limits, v.homeBloodPressure(), v.weightGain(), v.irregularPulse(), v.baseline(),
                v.schedules()), before.activity(), before.supervision());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.engine.replacePlan(tooMany))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.engine.plan()).isSameAs(before);
    }
}
