package org.hearthgate.relay.worklist;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.Measure;

/**
 * The advisory rules of the hub's alert engine, known by the de-duplication key each raises its alarm under
 * ({@code org.hearthgate.alerts.vitals}): NICE NG136 home blood-pressure stages ({@code hbpm}, stage 1 LOW and
 * stage 2 MEDIUM by default), the heart-failure weight trend ({@code weight-gain}), missed readings
 * ({@code missed/<schedule>}, MISSED_MEASUREMENT), the cuff's irregular-pulse flag ({@code irregular-pulse}) and
 * personal baselines ({@code baseline/<measure>}). They ask for a clinician's review, not a visit; the threshold
 * limits ({@code limit/...}) and NEWS2 are the responders' and never appear here.
 *
 * <p>Each names the trend that triggered it: the reading type and the window the console draws around the alarm.
 */
enum Advisory {
    BLOOD_PRESSURE_STAGE("hbpm", "Home blood pressure above target", Duration.ofDays(14)),
    WEIGHT_GAIN("weight-gain", "Weight going up", Duration.ofDays(14)),
    IRREGULAR_PULSE("irregular-pulse", "Irregular pulse flagged by the cuff", Duration.ofDays(14)),
    MISSED_READING("missed/", "Reading missed", Duration.ofDays(2)),
    BASELINE("baseline/", "Unusual for this resident", Duration.ofDays(14));

    /** After the alarm: a day, so the chart shows whether it settled. */
    static final Duration AFTER = Duration.ofDays(1);

    private final String key;
    private final String words;
    private final Duration before;

    Advisory(String key, String words, Duration before) {
        this.key = key;
        this.words = words;
        this.before = before;
    }

    /** The de-duplication key, or its prefix when it ends in '/'. */
    String key() {
        return key;
    }

    boolean isPrefix() {
        return key.endsWith("/");
    }

    static Optional<Advisory> of(String dedupKey) {
        for (Advisory a : values()) {
            if (a.isPrefix() ? dedupKey.startsWith(a.key) : dedupKey.equals(a.key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** What happened, in words for the worklist; the rule's own detail follows it. */
    String words(String dedupKey, String summary, CarePlan plan) {
        return switch (this) {
            case BLOOD_PRESSURE_STAGE -> summary.contains("stage 2") ? "Home blood pressure: stage 2 range"
                    : summary.contains("stage 1") ? "Home blood pressure: stage 1 range" : words;
            case MISSED_READING -> "Missed " + spoken(measure(dedupKey, summary, plan)) + " reading";
            case BASELINE -> "Unusual " + spoken(measure(dedupKey, summary, plan)) + " for this resident";
            default -> words;
        };
    }

    WorklistRoutes.Trend window(String dedupKey, String summary, CarePlan plan, Instant raisedAt) {
        return new WorklistRoutes.Trend(typeOf(measure(dedupKey, summary, plan)), raisedAt.minus(before), raisedAt.plus(AFTER));
    }

    /**
     * The rule's own lines for the chart, where it has fixed ones: NICE NG136 home BP stage 1 (135/85) and stage 2
     * (150/95) as the plan sets them. Others (a slope, a count of flags, a missed time) have none: the chart shows
     * the plan's limits for the measure instead.
     */
    java.util.List<WorklistRoutes.Line> lines(CarePlan plan) {
        if (this != BLOOD_PRESSURE_STAGE || plan == null) {
            return java.util.List.of();
        }
        CarePlan.HomeBloodPressure h = plan.vitals().homeBloodPressure();
        return java.util.List.of(
                new WorklistRoutes.Line("systolic", "AT_OR_ABOVE", h.stage1Systolic(), h.stage1Priority().name(),
                        "hbpm-stage1"),
                new WorklistRoutes.Line("diastolic", "AT_OR_ABOVE", h.stage1Diastolic(), h.stage1Priority().name(),
                        "hbpm-stage1"),
                new WorklistRoutes.Line("systolic", "AT_OR_ABOVE", h.stage2Systolic(), h.stage2Priority().name(),
                        "hbpm-stage2"),
                new WorklistRoutes.Line("diastolic", "AT_OR_ABOVE", h.stage2Diastolic(), h.stage2Priority().name(),
                        "hbpm-stage2"));
    }

    private static String spoken(Measure m) {
        return m == Measure.SYSTOLIC || m == Measure.DIASTOLIC ? "blood pressure" : m.spoken();
    }

    /** The measure the rule watched: fixed for most, the schedule's or baseline's own for the others. */
    private Measure measure(String dedupKey, String summary, CarePlan plan) {
        return switch (this) {
            case BLOOD_PRESSURE_STAGE, IRREGULAR_PULSE -> Measure.SYSTOLIC;
            case WEIGHT_GAIN -> Measure.WEIGHT;
            case BASELINE -> {
                try {
                    yield Measure.ofKey(dedupKey.substring(key.length()));
                } catch (IllegalArgumentException e) {
                    yield Measure.SYSTOLIC;
                }
            }
            case MISSED_READING -> {
                String schedule = dedupKey.substring(key.length());
                Optional<Measure> planned = plan == null ? Optional.empty() : plan.vitals().schedules().stream()
                        .filter(s -> s.id().equals(schedule)).map(CarePlan.Schedule::measure).findFirst();
                // A schedule since taken out of the plan: the rule's own words say which measure ("no weight reading").
                yield planned.orElseGet(() -> java.util.Arrays.stream(Measure.values())
                        .filter(m -> summary.startsWith("no " + m.spoken() + " reading")).findFirst()
                        .orElse(Measure.SYSTOLIC));
            }
        };
    }

    /** The wire observation kind a measure is read from (the trends route's {@code type}). */
    static String typeOf(Measure m) {
        return switch (m) {
            case SYSTOLIC, DIASTOLIC -> "bloodPressure";
            case PULSE -> "heartRate";
            case SPO2 -> "spo2";
            case TEMPERATURE -> "bodyTemperature";
            case WEIGHT -> "bodyWeight";
            case GLUCOSE -> "bloodGlucose";
            case ROOM_TEMPERATURE -> "roomTemperature";
        };
    }
}
