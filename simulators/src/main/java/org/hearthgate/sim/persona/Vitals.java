package org.hearthgate.sim.persona;

import java.time.LocalDate;
import java.util.Random;

/**
 * Plausible home readings for a persona: each value is the persona's usual one, plus a trend a scenario sets (a
 * pressure creeping up, fluid building up), plus day-to-day and reading-to-reading variation of the size seen in home
 * monitoring (systolic SD about 8 mmHg between days, about 4 between two readings a minute apart; morning weight SD
 * about 0.3 kg). Seeded by persona and date, so the same day always gives the same readings.
 */
public final class Vitals {
    private final Persona persona;
    private double systolicPerDay;
    private double diastolicPerDay;
    private double weightPerDay;
    private LocalDate trendFrom = LocalDate.MIN;

    public Vitals(Persona persona) {
        this.persona = persona;
    }

    /** Pressures rise by these amounts a day from {@code from} on (a hypertensive week, a missed medicine). */
    public Vitals pressureTrend(LocalDate from, double systolicPerDay, double diastolicPerDay) {
        this.trendFrom = from;
        this.systolicPerDay = systolicPerDay;
        this.diastolicPerDay = diastolicPerDay;
        return this;
    }

    /** Morning weight rises by {@code kgPerDay} from {@code from} on (fluid retention in heart failure). */
    public Vitals weightTrend(LocalDate from, double kgPerDay) {
        this.trendFrom = from;
        this.weightPerDay = kgPerDay;
        return this;
    }

    private double days(LocalDate day) {
        return day.isBefore(trendFrom) ? 0 : day.toEpochDay() - trendFrom.toEpochDay() + 1;
    }

    /** A blood-pressure reading in mmHg, whole numbers: {@code session} 0 morning, 1 evening; {@code n} 0 or 1. */
    public BloodPressure bloodPressure(LocalDate day, int session, int n) {
        Random daily = new Random(persona.seed() * 17 + day.toEpochDay() * 2 + session);
        double dayOffset = daily.nextGaussian() * 6;
        Random reading = new Random(persona.seed() * 19 + day.toEpochDay() * 4 + session * 2L + n);
        int sys = (int) Math.round(persona.systolic() + days(day) * systolicPerDay + dayOffset
                + reading.nextGaussian() * 4 + (session == 0 ? 3 : 0));
        int dia = (int) Math.round(persona.diastolic() + days(day) * diastolicPerDay + dayOffset * 0.6
                + reading.nextGaussian() * 3);
        int pulse = (int) Math.round(persona.pulse() + reading.nextGaussian() * 4);
        return new BloodPressure(sys, Math.min(dia, sys - 20), pulse);
    }

    /** The morning weight in kg, to the scale's 0.1 kg display. */
    public double weight(LocalDate day) {
        Random r = new Random(persona.seed() * 23 + day.toEpochDay());
        return Math.round((persona.weightKg() + days(day) * weightPerDay + r.nextGaussian() * 0.3) * 10) / 10.0;
    }

    public record BloodPressure(int systolic, int diastolic, int pulse) {
        public int mean() {
            return diastolic + (systolic - diastolic) / 3;
        }
    }
}
