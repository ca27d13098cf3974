package org.hearthgate.relay.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.Measure;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.readings.Trends;

/**
 * The resident card's charts: recent vitals from the reading store, each with the care plan's limits for it, so a
 * responder sees at a glance how close a reading came to raising an alarm. The cloud does not hold each resident's
 * plan yet, so the limits are the default plan's (the hub runs those unless its plan overrides them): the answer
 * says so ({@code plan: "default"}).
 */
final class TrendCharts {
    /** The vitals charted, in the order shown: a wire observation kind and the field its limits apply to. */
    private static final List<String> TYPES = List.of("bloodPressure", "heartRate", "spo2", "bodyTemperature",
            "bodyWeight", "bloodGlucose");
    /** Buckets per chart: enough for a week at an hour each, few enough for a phone. */
    static final int MAX_POINTS = 200;

    record Threshold(String field, double value, String comparison, String id, String priority, String source) {
    }

    record Chart(String type, String unit, long bucketSeconds, List<Trends.Point> points, List<Threshold> thresholds) {
    }

    record Answer(String plan, Instant from, Instant to, List<Chart> charts) {
    }

    private final Trends trends;
    private final CarePlan plan = CarePlan.defaults();

    TrendCharts(Trends trends) {
        this.trends = trends;
    }

    /** The resident's charts over the {@code days} before {@code now}; types without readings are left out. */
    Answer charts(TenantId tenant, ResidentId resident, Instant now, int days) {
        Instant from = now.minus(Duration.ofDays(days));
        List<Chart> charts = new ArrayList<>();
        for (String type : TYPES) {
            Trends.Trend t = trends.trend(tenant, resident, type, from, now, MAX_POINTS);
            if (t.points().isEmpty()) {
                continue;
            }
            List<Threshold> limits = plan.vitals().limits().stream()
                    .filter(l -> type.equals(typeOf(l.measure())))
                    .map(l -> new Threshold(fieldOf(l.measure()), l.limit(), l.comparison().name(), l.id(),
                            l.priority().name(), l.source()))
                    .toList();
            charts.add(new Chart(type, t.unit(), t.bucket().toSeconds(), t.points(), limits));
        }
        return new Answer("default", from, now, charts);
    }

    /** Where a care-plan measure's readings are: the observation kind... */
    static String typeOf(Measure m) {
        return MEASURES.getOrDefault(m, new String[] {null, null})[0];
    }

    /** ...and the field of it. */
    static String fieldOf(Measure m) {
        return MEASURES.getOrDefault(m, new String[] {null, null})[1];
    }

    private static final Map<Measure, String[]> MEASURES = Map.of(
            Measure.SPO2, new String[] {"spo2", "value"},
            Measure.PULSE, new String[] {"heartRate", "value"},
            Measure.SYSTOLIC, new String[] {"bloodPressure", "systolic"},
            Measure.DIASTOLIC, new String[] {"bloodPressure", "diastolic"},
            Measure.TEMPERATURE, new String[] {"bodyTemperature", "value"},
            Measure.WEIGHT, new String[] {"bodyWeight", "value"},
            Measure.GLUCOSE, new String[] {"bloodGlucose", "value"});
}
