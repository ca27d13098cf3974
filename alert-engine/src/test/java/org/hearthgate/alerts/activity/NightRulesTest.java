package org.hearthgate.alerts.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.hearthgate.alerts.Fixture;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.EventCode;
import org.junit.jupiter.api.Test;

class NightRulesTest {
    private static final String PLAN = """
            activity:
              night: {from: "22:00", to: "07:00"}
              doorAtNight: {doors: [front door]}
              outOfBed: {after: 30m}
            """;

    private static Fixture at(int hour, int minute) {
        return new Fixture(CarePlan.parse(PLAN), LocalDateTime.of(2026, 3, 2, hour, minute));
    }

    @Test
    void theFrontDoorOpeningAtNightIsWandering() {
        assertThat(Fixture.raises(at(2, 0).door("front door", true), EventCode.WANDERING)).hasSize(1);
        assertThat(Fixture.raises(at(22, 0).door("front door", true), EventCode.WANDERING)).hasSize(1);
        assertThat(Fixture.raises(at(6, 59).door("front door", true), EventCode.WANDERING)).hasSize(1);
    }

    @Test
    void theDoorByDayOrAnotherContactAtNightIsNot() {
        assertThat(Fixture.raises(at(7, 0).door("front door", true))).isEmpty();
        assertThat(Fixture.raises(at(21, 59).door("front door", true))).isEmpty();
        assertThat(Fixture.raises(at(2, 0).door("fridge", true))).isEmpty();
        assertThat(Fixture.raises(at(2, 0).door("front door", false))).isEmpty();
    }

    @Test
    void outOfBedAtNightAndNotBackWithin30MinutesAlarms() {
        Fixture f = at(2, 0);
        f.bed(false);
        assertThat(f.advance(Duration.ofMinutes(30).minusSeconds(1))).isEmpty();
        assertThat(Fixture.raises(f.advance(Duration.ofSeconds(1)), EventCode.OUT_OF_BED)).hasSize(1);
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(30)))).isEmpty();
    }

    @Test
    void backInBedInTimeRaisesNothing() {
        Fixture f = at(2, 0);
        f.bed(false);
        f.jump(Duration.ofMinutes(20));
        f.bed(true);
        assertThat(f.jump(Duration.ofHours(1))).isEmpty();
    }

    @Test
    void gettingUpInTheMorningIsNotOutOfBedAtNight() {
        Fixture f = at(7, 30);
        f.bed(false);
        assertThat(f.jump(Duration.ofHours(2))).isEmpty();
    }

    @Test
    void anEarlyRiserMovingAboutIsNotOutOfBedOnceTheNightEnds() {
        Fixture f = at(6, 45);
        f.bed(false);
        f.jump(Duration.ofMinutes(5));
        f.motion("kitchen");
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(40)), EventCode.OUT_OF_BED)).isEmpty();
    }

    @Test
    void outOfBedJustBeforeMorningWithNoMovementStillAlarms() {
        Fixture f = at(6, 45);
        f.bed(false);
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(30)), EventCode.OUT_OF_BED)).hasSize(1);
    }

    @Test
    void movingAboutAtNightDoesNotExcuseNotReturningToBed() {
        Fixture f = at(2, 0);
        f.bed(false);
        f.jump(Duration.ofMinutes(5));
        f.motion("hall");
        assertThat(Fixture.raises(f.advance(Duration.ofMinutes(25)), EventCode.OUT_OF_BED)).hasSize(1);
    }
}
