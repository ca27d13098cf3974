package org.hearthgate.alerts.vitals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Quality;

/**
 * NICE NG136 home blood-pressure monitoring (reference/anchors.md D.2): each recording is a session of two readings
 * at least a minute apart, morning and evening; over the last {@code days} local days, with readings on at least
 * {@code minDays} of them, day 1 is discarded and all the remaining readings averaged, then compared with stage 1
 * (135/85) and stage 2 (150/95). Applied as a rolling window so it also watches an established diagnosis.
 *
 * <p>Readings the cuff flags as unreliable (irregular pulse, movement, loose cuff, position) are left out of the
 * average (NG136 1.1.2); they still reach the severe and hypotension limits, which err on the side of alarming.
 * Memory: one slot per day of the window, whatever the history.
 */
final class HomeBloodPressure {
    static final String KEY = "hbpm";
    private static final Set<Quality> UNRELIABLE = Set.of(Quality.IRREGULAR_PULSE, Quality.BODY_MOVEMENT,
            Quality.CUFF_LOOSE, Quality.IMPROPER_POSITION);

    private final CarePlan.HomeBloodPressure spec;
    private final ZoneId zone;
    private final long minGapMs;
    private final long sessionMs;
    // Ring of days: epochDay, sums and count.
    private final long[] day;
    private final double[] sumSys;
    private final double[] sumDia;
    private final int[] n;
    // The current session.
    private long sessionStart = Long.MIN_VALUE;
    private long lastAccepted = Long.MIN_VALUE;
    private int inSession;
    private boolean sessionMorning;
    private long sessionDay;
    private long discarded;
    private int lastStage;

    HomeBloodPressure(CarePlan.HomeBloodPressure spec, ZoneId zone) {
        this.spec = spec;
        this.zone = zone;
        this.minGapMs = spec.minGap().toMillis();
        this.sessionMs = spec.sessionLength().toMillis();
        int slots = spec.days() + 1;
        day = new long[slots];
        java.util.Arrays.fill(day, Long.MIN_VALUE);
        sumSys = new double[slots];
        sumDia = new double[slots];
        n = new int[slots];
    }

    /** Readings left out: closer than the minimum gap, a third in a session, or flagged unreliable. */
    long discarded() {
        return discarded;
    }

    int retained() {
        return day.length;
    }

    void accept(BloodPressure bp, long at, AlarmBook book, Emitter out) {
        for (Quality q : bp.quality()) {
            if (UNRELIABLE.contains(q)) {
                discarded++;
                return;
            }
        }
        ZonedDateTime local = Instant.ofEpochMilli(at).atZone(zone);
        long epochDay = local.toLocalDate().toEpochDay();
        boolean morning = local.getHour() < 12;
        boolean newSession = sessionStart == Long.MIN_VALUE || at - sessionStart > sessionMs || at < sessionStart
                || epochDay != sessionDay || morning != sessionMorning;
        if (newSession) {
            sessionStart = at;
            sessionDay = epochDay;
            sessionMorning = morning;
            inSession = 0;
        } else if (inSession >= 2 || at - lastAccepted < minGapMs) {
            // NG136: two readings at least 1 minute apart per recording; a rushed or third reading is not used.
            discarded++;
            return;
        }
        inSession++;
        lastAccepted = at;
        int slot = (int) Math.floorMod(epochDay, (long) day.length);
        if (day[slot] != epochDay) {
            day[slot] = epochDay;
            sumSys[slot] = 0;
            sumDia[slot] = 0;
            n[slot] = 0;
        }
        sumSys[slot] += bp.systolic().mmHg();
        sumDia[slot] += bp.diastolic().mmHg();
        n[slot]++;
        evaluate(epochDay, bp, book, out);
    }

    private void evaluate(long today, BloodPressure cause, AlarmBook book, Emitter out) {
        long first = Long.MAX_VALUE;
        int days = 0;
        for (int i = 0; i < day.length; i++) {
            if (day[i] > today - spec.days() && day[i] <= today && n[i] > 0) {
                days++;
                first = Math.min(first, day[i]);
            }
        }
        if (days < spec.minDays()) {
            return;
        }
        double s = 0;
        double d = 0;
        int count = 0;
        for (int i = 0; i < day.length; i++) {
            if (day[i] > first && day[i] <= today && n[i] > 0) {
                s += sumSys[i];
                d += sumDia[i];
                count += n[i];
            }
        }
        double avgSys = s / count;
        double avgDia = d / count;
        int used = days - 1;
        int readings = count;
        java.util.function.Supplier<String> avg = () -> "home BP average " + Text.num(Math.round(avgSys * 10) / 10.0)
                + "/" + Text.num(Math.round(avgDia * 10) / 10.0) + " mmHg over " + used + " days (" + readings
                + " readings, day 1 discarded)";
        int stage = avgSys >= spec.stage2Systolic() || avgDia >= spec.stage2Diastolic() ? 2
                : avgSys >= spec.stage1Systolic() || avgDia >= spec.stage1Diastolic() ? 1 : 0;
        int previous = lastStage;
        lastStage = stage;
        if (stage == 2) {
            book.trigger(KEY, EventCode.VITAL_SIGN, spec.stage2Priority(), cause.device(), () -> avg.get()
                    + " ≥ " + Text.num(spec.stage2Systolic()) + "/" + Text.num(spec.stage2Diastolic())
                    + ": stage 2 hypertension range (NICE NG136)", cause, AlarmBook.Repeats.LOGARITHMIC, out);
        } else if (stage == 1) {
            book.trigger(KEY, EventCode.VITAL_SIGN, spec.stage1Priority(), cause.device(), () -> avg.get()
                    + " ≥ " + Text.num(spec.stage1Systolic()) + "/" + Text.num(spec.stage1Diastolic())
                    + ": stage 1 hypertension range (NICE NG136)", cause, AlarmBook.Repeats.LOGARITHMIC, out);
        } else if (previous > 0) {
            book.note(KEY, avg.get() + " below " + Text.num(spec.stage1Systolic()) + "/"
                    + Text.num(spec.stage1Diastolic()), out);
        }
    }
}
