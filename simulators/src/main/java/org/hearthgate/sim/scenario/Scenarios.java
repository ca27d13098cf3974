package org.hearthgate.sim.scenario;

import static org.hearthgate.sim.scenario.Expected.code;
import static org.hearthgate.sim.scenario.Expected.from;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.sim.devices.AccelerometerTrace;
import org.hearthgate.sim.persona.Persona;

/** The scenario catalogue: each runs through the real hub on a virtual clock and states what it expects. */
public final class Scenarios {
    private static final LocalTime MORNING = LocalTime.of(6, 30);
    private static final String PENDANT = Residence.PENDANT.value();

    private Scenarios() {
    }

    public static List<HomeScenario> all() {
        return List.of(quietDays(), hypertensiveWeek(), heartFailure(), fallWithPendant(), fallWithoutPendant(),
                fallOnTheWearable(), notUpBy10(), powerCut(), broadbandOutage(), flatPendant());
    }

    public static Optional<HomeScenario> byId(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** Two ordinary days: nothing in them is a reason to alarm, so nothing is raised. */
    static HomeScenario quietDays() {
        return new HomeScenario("quiet-days", "Two ordinary days of Edith's routine (up, kitchen, lounge, meals, an "
                + "outing or a visitor, bathroom at night): the frailty plan raises no alarm.",
                "frailty.yaml", Persona.edith(), MORNING, 3, Expected.nothing(), home -> {
                    home.live(home.day(0), false, false);
                    home.live(home.day(1), false, false);
                });
    }

    /**
     * NICE NG136 home monitoring twice a day for a week while the pressure climbs; one morning the cuff is out of
     * range and sends its two stored readings when it comes back.
     */
    static HomeScenario hypertensiveWeek() {
        return new HomeScenario("hypertensive-week", "A week of home blood pressure (two readings at about 08:00 "
                + "and 20:00) climbing 2/1 mmHg a day; on day 3 the cuff is out of range at 08:00 and replays its "
                + "stored readings at 08:20. The NG136 average crosses 135/85: a VITAL_SIGN alarm from the cuff.",
                "hypertension.yaml", Persona.arthur(), MORNING, 8,
                Expected.nothing().alarm(from(EventCode.VITAL_SIGN, "cuff-1")).never(EventCode.MISSED_MEASUREMENT),
                home -> {
                    home.vitals().pressureTrend(home.day(1), 2.0, 1.0);
                    for (int d = 0; d < 7; d++) {
                        LocalDate day = home.day(d);
                        if (d == 2) {
                            home.live(day, true, false, null, day.atTime(7, 50));
                            home.at(day.atTime(7, 50));
                            home.cuffInRange(false);
                            home.live(day, true, false, day.atTime(7, 50), day.atTime(8, 20));
                            home.at(day.atTime(8, 20));
                            home.cuffInRange(true);
                            home.live(day, true, false, day.atTime(8, 20), null);
                        } else {
                            home.live(day, true, false);
                        }
                    }
                });
    }

    /** Heart failure getting worse: fluid builds up and the morning weight climbs. */
    static HomeScenario heartFailure() {
        return new HomeScenario("heart-failure", "Daily weighing at 08:30: stable for three days, then about "
                + "0.9 kg a day more (fluid retention). More than 2 kg in 3 days (ESC 2021): a VITAL_SIGN alarm "
                + "from the scale.", "heart-failure.yaml", Persona.arthur(), MORNING, 8,
                Expected.nothing().alarm(from(EventCode.VITAL_SIGN, "scale-1")).never(EventCode.MISSED_MEASUREMENT),
                home -> {
                    home.vitals().weightTrend(home.day(3), 0.9);
                    for (int d = 0; d < 7; d++) {
                        home.live(home.day(d), false, true);
                    }
                });
    }

    private static void fallAt3(Residence home, boolean presses) throws InterruptedException {
        LocalDate night = home.day(1);
        home.live(home.day(0), false, false, null, night.atTime(2, 45));
        home.at(night.atTime(3, 0));
        home.bed(false);
        home.motion("bedroom");
        home.at(night.atTime(3, 1));
        home.motion("hall"); // and falls in the hall: nothing moves after this
        if (presses) {
            home.at(night.atTime(3, 4));
            home.pressPendant();
        }
        home.at(night.atTime(4, 0));
    }

    static HomeScenario fallWithPendant() {
        return new HomeScenario("fall-3am", "Up at 03:00, falls in the hall at 03:01 and presses the pendant at "
                + "03:04: a PERSONAL_TRIGGER at once; the bed pad adds OUT_OF_BED at 03:30.", "frailty.yaml",
                Persona.edith(), MORNING, 2,
                Expected.nothing().alarm(from(EventCode.PERSONAL_TRIGGER, PENDANT), code(EventCode.OUT_OF_BED)),
                home -> fallAt3(home, true));
    }

    static HomeScenario fallWithoutPendant() {
        return new HomeScenario("fall-3am-no-pendant", "The same fall with the pendant left on the bedside table: "
                + "no press, so only the bed pad's OUT_OF_BED rule calls for help, at 03:30.", "frailty.yaml",
                Persona.edith(), MORNING, 2,
                Expected.nothing().alarm(code(EventCode.OUT_OF_BED)).never(EventCode.PERSONAL_TRIGGER),
                home -> fallAt3(home, false));
    }

    static HomeScenario fallOnTheWearable() {
        return new HomeScenario("fall-3am-wearable", "The same night, wearing the belt sensor and no pendant: the "
                + "recorded SisFall fall F01 (subject SA01) at 03:01, then lying still. The hub's fall detector "
                + "starts a 30 s cancellable pre-alarm and raises FALL_DETECTED; OUT_OF_BED follows at 03:30. Needs "
                + "the SisFall data (../shared/data/falls or -Dhearthgate.falls.dir).", "frailty.yaml",
                Persona.edith(), MORNING, 2,
                Expected.nothing().alarm(from(EventCode.FALL_DETECTED, Residence.WEARABLE.value()),
                        code(EventCode.OUT_OF_BED)).event(from(EventCode.PRE_ALARM, Residence.WEARABLE.value()))
                        .never(EventCode.PERSONAL_TRIGGER),
                home -> {
                    LocalDate night = home.day(1);
                    home.live(home.day(0), false, false, null, night.atTime(2, 45));
                    home.at(night.atTime(3, 0));
                    home.bed(false);
                    home.motion("bedroom");
                    home.at(night.atTime(3, 1));
                    home.motion("hall");
                    home.wearableTrace(AccelerometerTrace.sisFallFolder().resolve("SA01")
                            .resolve("F01_SA01_R01.txt.gz"), Duration.ofSeconds(60));
                    home.at(night.atTime(4, 0));
                });
    }

    static HomeScenario notUpBy10() {
        return new HomeScenario("not-up", "An ordinary day, to bed in the evening, and then no movement the next "
                + "morning: at 10:00 the not-up window closes (pre-alarm, cancellable), at 10:10 an INACTIVITY "
                + "alarm; a carer lets herself in at 10:24.", "frailty.yaml", Persona.edith(), MORNING, 2,
                Expected.nothing().alarm(code(EventCode.INACTIVITY)).event(code(EventCode.PRE_ALARM)),
                home -> {
                    home.live(home.day(0), false, false);
                    LocalDate morning = home.day(1);
                    home.at(morning.atTime(10, 24));
                    home.motion("hall");
                    home.frontDoor(true);
                    home.frontDoor(false);
                    home.at(morning.atTime(10, 30));
                });
    }

    static HomeScenario powerCut() {
        return new HomeScenario("power-cut", "Mains lost at the hub from 14:00 to 16:30 (the UPS line): POWER_FAIL "
                + "after 30 s and POWER_RESTORE; a pendant press at 15:00, on battery, still gets through.",
                "frailty.yaml", Persona.edith(), MORNING, 1,
                Expected.nothing().alarm(from(EventCode.PERSONAL_TRIGGER, PENDANT))
                        .event(from(EventCode.POWER_FAIL, "ups"), from(EventCode.POWER_RESTORE, "ups"))
                        .never(EventCode.LINK_FAIL),
                home -> {
                    LocalDate day = home.day(0);
                    home.live(day, false, false, null, day.atTime(14, 0));
                    home.at(day.atTime(14, 0));
                    home.mains(false);
                    home.live(day, false, false, day.atTime(14, 0), day.atTime(15, 0));
                    home.at(day.atTime(15, 0));
                    home.pressPendant();
                    home.live(day, false, false, day.atTime(15, 0), day.atTime(16, 30));
                    home.at(day.atTime(16, 30));
                    home.mains(true);
                    home.live(day, false, false, day.atTime(16, 30), day.atTime(19, 0));
                });
    }

    static HomeScenario broadbandOutage() {
        return new HomeScenario("broadband-outage", "The home's broadband is down for 24 hours from noon; the "
                + "pendant is pressed at 19:30 during it. The hub keeps everything in its outbox: LINK_FAIL, then at "
                + "noon the next day LINK_RESTORE, the alarm and every reading of the day reach the cloud.",
                "frailty.yaml", Persona.edith(), MORNING, 2,
                Expected.nothing().alarm(from(EventCode.PERSONAL_TRIGGER, PENDANT))
                        .event(code(EventCode.LINK_FAIL), code(EventCode.LINK_RESTORE)),
                home -> {
                    LocalDate day = home.day(0);
                    LocalDateTime down = day.atTime(12, 0);
                    LocalDateTime press = day.atTime(19, 30);
                    LocalDateTime up = down.plusHours(24);
                    home.live(day, false, false, null, down);
                    home.at(down);
                    home.broadband(false);
                    home.live(day, false, false, down, press);
                    home.at(press);
                    home.pressPendant();
                    home.live(day, false, false, press, null);
                    home.live(home.day(1), false, false, null, up);
                    home.at(up);
                    home.broadband(true);
                    home.live(home.day(1), false, false, up, up.plusHours(1));
                });
    }

    static HomeScenario flatPendant() {
        return new HomeScenario("flat-pendant", "A radio pendant checks in every 6 h; its battery runs down 10 % a "
                + "day from 30 %: BATTERY_LOW on day 2, flat on day 3, so it stops checking in (SENSOR_MISSING) and "
                + "a press that evening sends nothing: no alarm, which is why the hub supervises it.",
                "frailty.yaml", Persona.edith(), MORNING, 5,
                Expected.nothing().event(from(EventCode.BATTERY_LOW, "pendant-radio"),
                        from(EventCode.SENSOR_MISSING, "pendant-radio")).never(EventCode.PERSONAL_TRIGGER),
                home -> {
                    for (int d = 0; d < 4; d++) {
                        LocalDate day = home.day(d);
                        home.radioPendantBattery(30 - 10 * d);
                        LocalDateTime from = null;
                        for (LocalDateTime checkIn = day.atTime(9, 0); checkIn.isBefore(day.plusDays(1).atTime(7, 0));
                                checkIn = checkIn.plus(Duration.ofHours(6))) {
                            home.live(day, false, false, from, checkIn);
                            home.at(checkIn);
                            home.radioPendantCheckIn();
                            if (d == 3 && checkIn.getHour() == 21) {
                                home.pressRadioPendant();
                            }
                            from = checkIn;
                        }
                        home.live(day, false, false, from, null);
                    }
                });
    }
}
