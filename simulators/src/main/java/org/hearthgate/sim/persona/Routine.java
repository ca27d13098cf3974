package org.hearthgate.sim.persona;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A persona's ordinary day, as the sensors would see it: up in the morning, bathroom, kitchen, the lounge through the
 * day with meals in the kitchen, sometimes an outing or a visitor, bed in the evening, and bathroom visits at night.
 * Each day draws from its own {@link Random} seeded by the persona's seed and the date, so day 3 is the same whether
 * a scenario plays days 1-3 or only day 3.
 *
 * <p>A day runs from getting up until getting up the next morning, so the night belongs to the evening before.
 * The routine keeps to what an ordinary day looks like to the care plan (docs/examples/frailty.yaml): never more than
 * two hours without movement while awake, no door at night, back in bed within a quarter of an hour.
 */
public final class Routine {
    private final Persona persona;

    public Routine(Persona persona) {
        this.persona = persona;
    }

    private Random random(LocalDate day) {
        return new Random(persona.seed() * 31 + day.toEpochDay());
    }

    /** The time the persona gets up on {@code day}. */
    public LocalDateTime wakes(LocalDate day) {
        return day.atTime(persona.wakes()).plus(jitter(random(day)));
    }

    private Duration jitter(Random r) {
        long max = persona.jitter().toSeconds();
        return Duration.ofSeconds(max == 0 ? 0 : (long) ((r.nextDouble() * 2 - 1) * max));
    }

    /**
     * The day from getting up on {@code day} until just before getting up on the next one.
     *
     * @param bloodPressure take the morning and evening blood pressure (at about 08:00 and 20:00, as NG136 asks)
     * @param weigh         step on the scale in the morning (about 08:30)
     */
    public List<Step> day(LocalDate day, boolean bloodPressure, boolean weigh) {
        Random r = random(day);
        List<Step> steps = new ArrayList<>();
        LocalDateTime up = wakes(day);
        steps.add(new Step(up, new Act.Bed(false)));
        steps.add(new Step(up.plusSeconds(20), new Act.EnterRoom("bedroom")));
        steps.add(new Step(up.plusMinutes(2), new Act.EnterRoom("bathroom")));
        steps.add(new Step(up.plusMinutes(20), new Act.EnterRoom("kitchen")));
        if (bloodPressure) {
            steps.add(new Step(day.atTime(8, 0).plusMinutes(r.nextInt(10)), new Act.TakeBloodPressure()));
        }
        if (weigh) {
            steps.add(new Step(day.atTime(8, 25).plusMinutes(r.nextInt(10)), new Act.Weigh()));
        }
        LocalDateTime bed = day.atTime(persona.toBed()).plus(jitter(r));
        LocalDateTime outFrom = null;
        LocalDateTime outUntil = null;
        if (r.nextDouble() < persona.outingChance()) {
            outFrom = day.atTime(10, 15).plusMinutes(r.nextInt(45));
            outUntil = outFrom.plusMinutes(60 + r.nextInt(60));
            steps.add(new Step(outFrom, new Act.FrontDoor(true)));
            steps.add(new Step(outFrom.plusSeconds(30), new Act.FrontDoor(false)));
            steps.add(new Step(outUntil, new Act.FrontDoor(true)));
            steps.add(new Step(outUntil.plusSeconds(30), new Act.FrontDoor(false)));
            steps.add(new Step(outUntil.plusMinutes(1), new Act.EnterRoom("hall")));
        }
        if (r.nextDouble() < persona.visitorChance()) {
            LocalDateTime visit = day.atTime(15, 0).plusMinutes(r.nextInt(90));
            steps.add(new Step(visit, new Act.EnterRoom("hall")));
            steps.add(new Step(visit.plusSeconds(20), new Act.FrontDoor(true)));
            steps.add(new Step(visit.plusSeconds(50), new Act.FrontDoor(false)));
            LocalDateTime leaves = visit.plusMinutes(40 + r.nextInt(50));
            steps.add(new Step(leaves, new Act.FrontDoor(true)));
            steps.add(new Step(leaves.plusSeconds(30), new Act.FrontDoor(false)));
        }
        // Meals in the kitchen, the lounge in between: movement at least every 40-110 minutes while at home.
        for (LocalDateTime t = up.plusMinutes(50); t.isBefore(bed.minusMinutes(20)); t = t.plusMinutes(40 + r.nextInt(70))) {
            if (outFrom != null && !t.isBefore(outFrom) && t.isBefore(outUntil.plusMinutes(2))) {
                continue;
            }
            LocalTime lt = t.toLocalTime();
            boolean meal = lt.isAfter(LocalTime.of(12, 0)) && lt.isBefore(LocalTime.of(13, 30))
                    || lt.isAfter(LocalTime.of(17, 30)) && lt.isBefore(LocalTime.of(19, 0));
            steps.add(new Step(t, new Act.EnterRoom(meal ? "kitchen" : "lounge")));
        }
        if (bloodPressure) {
            steps.add(new Step(day.atTime(20, 0).plusMinutes(r.nextInt(10)), new Act.TakeBloodPressure()));
        }
        steps.add(new Step(bed.minusMinutes(10), new Act.EnterRoom("bathroom")));
        steps.add(new Step(bed.minusMinutes(2), new Act.EnterRoom("bedroom")));
        steps.add(new Step(bed, new Act.Bed(true)));
        // The night: 0-3 bathroom visits between 00:30 and 05:30, each back in bed within a quarter of an hour.
        LocalDateTime nextUp = wakes(day.plusDays(1));
        int visits = (int) Math.min(3, Math.round(persona.nightVisitsPerNight() + r.nextGaussian() * 0.5));
        LocalDateTime night = day.plusDays(1).atTime(0, 30);
        for (int i = 0; i < visits; i++) {
            LocalDateTime v = night.plusMinutes(i * 100L + r.nextInt(80));
            if (!v.plusMinutes(20).isBefore(nextUp)) {
                break;
            }
            steps.add(new Step(v, new Act.Bed(false)));
            steps.add(new Step(v.plusSeconds(30), new Act.EnterRoom("bathroom")));
            int back = 4 + r.nextInt(9);
            steps.add(new Step(v.plusMinutes(back), new Act.EnterRoom("bedroom")));
            steps.add(new Step(v.plusMinutes(back).plusSeconds(40), new Act.Bed(true)));
        }
        Collections.sort(steps);
        return steps;
    }
}
