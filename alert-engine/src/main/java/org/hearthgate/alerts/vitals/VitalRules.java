package org.hearthgate.alerts.vitals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.Measure;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.contract.obs.RoomTemperature;

/**
 * All vital-sign rules of one resident. A reading is turned into canonical measures once and dispatched only to the
 * rules of those measures (an array per measure), so the cost of a reading does not grow with the plan's length.
 */
public final class VitalRules {
    /** Flags that make a value meaningless: the device itself says so. Such readings are counted, not judged. */
    private static final Set<Quality> UNUSABLE = EnumSet.of(Quality.INVALID, Quality.MEASUREMENT_UNAVAILABLE,
            Quality.MEASUREMENT_ONGOING, Quality.EARLY_ESTIMATE, Quality.DEMO_DATA, Quality.TESTING_DATA,
            Quality.CALIBRATION_ONGOING, Quality.EQUIPMENT_MALFUNCTION, Quality.SENSOR_UNCONNECTED_TO_USER,
            Quality.SENSOR_DISCONNECTED, Quality.SENSOR_MALFUNCTIONING, Quality.SENSOR_MALFUNCTION,
            Quality.NO_SKIN_CONTACT, Quality.GENERAL_DEVICE_FAULT, Quality.STRIP_INSERTION_ERROR,
            Quality.STRIP_TYPE_INCORRECT, Quality.SAMPLE_SIZE_INSUFFICIENT);

    private final CarePlan plan;
    private final AlarmBook book;
    private final LimitRule[][] limits = new LimitRule[Measure.values().length][];
    private final int[][] groupIndex = new int[Measure.values().length][];
    private final PersonalBaseline[] baselines = new PersonalBaseline[Measure.values().length];
    private final long[] lastReading = new long[Measure.values().length];
    private final News2 news2;
    private final HomeBloodPressure hbpm;
    private final WeightTrend weight;
    private final IrregularPulse irregular;
    private final List<MissedReading> schedules = new ArrayList<>();
    private long unusable;
    private long readings;

    public VitalRules(CarePlan plan, ResidentId resident, AlarmBook book, long now) {
        this(plan, resident, book, now, null);
    }

    /**
     * The rules of {@code plan}, taking over from {@code previous} (the rules of the plan it replaces; may be null)
     * what still applies: the newest reading of each measure, and the state of each rule whose settings are the same
     * in both plans. A limit with the same id and group whose value or timing changed keeps only whether it is
     * breached, so that its return within the new limit is still told to the responder. {@code previous} is only read.
     */
    public VitalRules(CarePlan plan, ResidentId resident, AlarmBook book, long now, VitalRules previous) {
        this.plan = plan;
        this.book = book;
        CarePlan.Vitals v = plan.vitals();
        for (Measure m : Measure.values()) {
            // Worst first: when a reading breaches two limits of one group, the worse one speaks for the group.
            limits[m.ordinal()] = v.limits().stream().filter(l -> l.measure() == m)
                    .sorted(java.util.Comparator.comparing(CarePlan.Limit::priority))
                    .map(l -> LimitRule.succeeding(l, previous == null ? null : previous.limitRule(l.id())))
                    .toArray(LimitRule[]::new);
            String[] groups = new String[limits[m.ordinal()].length];
            groupIndex[m.ordinal()] = new int[groups.length];
            List<String> seen = new ArrayList<>();
            for (int j = 0; j < groups.length; j++) {
                String g = limits[m.ordinal()][j].spec().group();
                if (!seen.contains(g)) {
                    seen.add(g);
                }
                groupIndex[m.ordinal()][j] = seen.indexOf(g);
            }
            if (seen.size() > 16) {
                throw new IllegalArgumentException("more than 16 limit groups for " + m.key());
            }
        }
        CarePlan.Vitals was = previous == null ? null : previous.plan.vitals();
        boolean sameZone = previous != null && previous.plan.timeZone().equals(plan.timeZone());
        boolean sameBaseline = was != null && was.baseline().equals(v.baseline());
        for (Measure m : v.baseline().measures()) {
            PersonalBaseline kept = sameBaseline ? previous.baselines[m.ordinal()] : null;
            baselines[m.ordinal()] = kept != null ? kept : new PersonalBaseline(m, v.baseline().window(),
                    v.baseline().minReadings(), v.baseline().minSpacing().toMillis(), v.baseline().priority());
        }
        if (previous == null) {
            Arrays.fill(lastReading, Long.MIN_VALUE);
        } else {
            System.arraycopy(previous.lastReading, 0, lastReading, 0, lastReading.length);
            readings = previous.readings;
            unusable = previous.unusable;
        }
        news2 = !v.news2().enabled() ? null : was != null && previous.news2 != null && was.news2().equals(v.news2())
                && was.spo2Scale() == v.spo2Scale() && was.supplementalOxygen() == v.supplementalOxygen()
                ? previous.news2 : new News2(v.spo2Scale(), v.supplementalOxygen(), v.news2().maxAge().toMillis());
        hbpm = !v.homeBloodPressure().enabled() ? null : sameZone && previous.hbpm != null
                && was.homeBloodPressure().equals(v.homeBloodPressure()) ? previous.hbpm
                : new HomeBloodPressure(v.homeBloodPressure(), plan.timeZone());
        weight = !v.weightGain().enabled() ? null : was != null && previous.weight != null
                && was.weightGain().equals(v.weightGain()) ? previous.weight : new WeightTrend(v.weightGain());
        irregular = !v.irregularPulse().enabled() ? null : was != null && previous.irregular != null
                && was.irregularPulse().equals(v.irregularPulse()) ? previous.irregular
                : new IrregularPulse(v.irregularPulse());
        for (CarePlan.Schedule s : v.schedules()) {
            MissedReading kept = !sameZone ? null : previous.schedules.stream()
                    .filter(r -> r.spec().equals(s)).findFirst().orElse(null);
            // A new or changed schedule counts due times from now, as at start-up.
            schedules.add(kept != null ? kept : new MissedReading(s, plan.timeZone(), resident, now));
        }
    }

    private LimitRule limitRule(String id) {
        for (LimitRule[] rules : limits) {
            for (LimitRule r : rules) {
                if (r.spec().id().equals(id)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Judges one observation; {@code at} is its time, already clamped to the engine's clock. */
    public void accept(Observation o, long at, Emitter out) {
        switch (o) {
            case BloodPressure bp -> {
                if (unusable(bp.quality())) {
                    return;
                }
                // The irregular-pulse flag is itself the finding, so it is judged before anything else.
                if (irregular != null) {
                    irregular.accept(bp, book, out);
                }
                measure(Measure.SYSTOLIC, bp.systolic().mmHg(), at, o, out);
                measure(Measure.DIASTOLIC, bp.diastolic().mmHg(), at, o, out);
                if (bp.pulse() != null) {
                    measure(Measure.PULSE, bp.pulse().value(), at, o, out);
                }
                if (hbpm != null) {
                    hbpm.accept(bp, at, book, out);
                }
            }
            case HeartRate hr -> {
                if (!unusable(hr.quality()) && !Boolean.FALSE.equals(hr.skinContact())) {
                    measure(Measure.PULSE, hr.rate().value(), at, o, out);
                } else {
                    unusable++;
                }
            }
            case OxygenSaturation sp -> {
                if (unusable(sp.quality())) {
                    return;
                }
                measure(Measure.SPO2, sp.spo2().value(), at, o, out);
                if (sp.pulseRate() != null) {
                    measure(Measure.PULSE, sp.pulseRate().value(), at, o, out);
                }
            }
            case BodyTemperature t -> {
                if (!unusable(t.quality())) {
                    measure(Measure.TEMPERATURE, t.temperature().celsius(), at, o, out);
                }
            }
            case BodyWeight w -> {
                if (!unusable(w.quality())) {
                    double kg = w.weight().kilograms();
                    measure(Measure.WEIGHT, kg, at, o, out);
                    if (weight != null) {
                        weight.accept(kg, at, o, book, out);
                    }
                }
            }
            case BloodGlucose g -> {
                if (!unusable(g.quality())) {
                    measure(Measure.GLUCOSE, g.concentration().mmolPerLitre(), at, o, out);
                }
            }
            case RoomTemperature r -> measure(Measure.ROOM_TEMPERATURE, r.temperature().celsius(), at, o, out);
            default -> {
            }
        }
    }

    private boolean unusable(Set<Quality> quality) {
        if (quality.isEmpty()) {
            return false;
        }
        for (Quality q : quality) {
            if (UNUSABLE.contains(q)) {
                unusable++;
                return true;
            }
        }
        return false;
    }

    private void measure(Measure m, double value, long at, Observation cause, Emitter out) {
        readings++;
        int i = m.ordinal();
        lastReading[i] = Math.max(lastReading[i], at);
        LimitRule[] rules = limits[i];
        int[] groups = groupIndex[i];
        long said = 0; // 2 bits per group: what was already said about this reading
        for (int j = 0; j < rules.length; j++) {
            int shift = groups[j] * 2;
            int result = rules[j].accept(value, at, cause, book, out, (int) (said >>> shift) & 3);
            said |= (long) result << shift;
        }
        if (news2 != null) {
            news2.accept(m, value, at, cause, book, out);
        }
        PersonalBaseline b = baselines[i];
        if (b != null) {
            b.accept(value, at, cause, book, out);
        }
    }

    /** Time-driven: due and missed readings. */
    public void tick(long now, Emitter out) {
        for (MissedReading s : schedules) {
            s.tick(now, lastReading[s.spec().measure().ordinal()], book, out);
        }
    }

    /** Readings ignored because the device flagged them unusable (and, for HBPM, unreliable or rushed). */
    public long unusable() {
        return unusable + (hbpm == null ? 0 : hbpm.discarded());
    }

    public long readings() {
        return readings;
    }

    /** Values held in windows and rings: bounded by the plan, never by the history. */
    public int retained() {
        int n = 0;
        for (PersonalBaseline b : baselines) {
            n += b == null ? 0 : b.retained();
        }
        n += hbpm == null ? 0 : hbpm.retained();
        n += weight == null ? 0 : weight.retained();
        return n;
    }
}
