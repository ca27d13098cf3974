package org.hearthgate.sim.persona;

import java.time.Duration;
import java.time.LocalTime;

/**
 * A resident as the simulators play them: habits and usual vitals. Nothing here is a real person. Every draw made
 * from a persona comes from a {@link java.util.Random} seeded with {@code seed}, so a scenario is repeatable.
 *
 * @param name              a made-up first name for reports
 * @param wakes             usual time of getting up (varies by up to {@code jitter} either way)
 * @param toBed             usual bedtime
 * @param jitter            how much the habits vary from day to day
 * @param nightVisitsPerNight mean number of bathroom visits at night (0..3)
 * @param outingChance      chance of going out (shopping, a day centre) on a given day, 0..1
 * @param visitorChance     chance of a visitor (family, a carer) on a given day, 0..1
 * @param systolic          usual home systolic pressure, mmHg
 * @param diastolic         usual home diastolic pressure, mmHg
 * @param pulse             usual resting pulse, /min
 * @param weightKg          usual morning weight, kg
 * @param spo2              usual SpO2, %
 */
public record Persona(String name, LocalTime wakes, LocalTime toBed, Duration jitter, double nightVisitsPerNight,
        double outingChance, double visitorChance, double systolic, double diastolic, double pulse, double weightKg,
        double spo2, long seed) {

    public Persona {
        if (nightVisitsPerNight < 0 || nightVisitsPerNight > 3) {
            throw new IllegalArgumentException("nightVisitsPerNight: outside 0..3");
        }
        if (outingChance < 0 || outingChance > 1 || visitorChance < 0 || visitorChance > 1) {
            throw new IllegalArgumentException("chances: outside 0..1");
        }
        if (!wakes.isBefore(LocalTime.of(10, 0)) || !toBed.isAfter(LocalTime.of(20, 0))) {
            throw new IllegalArgumentException("wakes before 10:00 and goes to bed after 20:00");
        }
    }

    /** An 84-year-old living alone, frail but independent: up around 07:15, one bathroom visit most nights. */
    public static Persona edith() {
        return new Persona("Edith", LocalTime.of(7, 15), LocalTime.of(22, 15), Duration.ofMinutes(20), 1.0, 0.3, 0.4,
                128, 76, 68, 61.5, 96, 1931);
    }

    /** A 78-year-old with treated hypertension and heart failure: later riser, two bathroom visits a night. */
    public static Persona arthur() {
        return new Persona("Arthur", LocalTime.of(7, 45), LocalTime.of(22, 40), Duration.ofMinutes(25), 2.0, 0.2,
                0.3, 132, 80, 64, 82.0, 95, 1948);
    }

    public Persona withSeed(long s) {
        return new Persona(name, wakes, toBed, jitter, nightVisitsPerNight, outingChance, visitorChance, systolic,
                diastolic, pulse, weightKg, spo2, s);
    }
}
