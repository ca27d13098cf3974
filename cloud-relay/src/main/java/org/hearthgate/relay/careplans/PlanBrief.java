package org.hearthgate.relay.careplans;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.Measure;

/**
 * A care plan in plain words for the resident card: its limits, when readings are due, and its inactivity rules,
 * one line each, as the parsed plan (not the YAML) says them, so the card shows what the hub will actually do.
 */
public record PlanBrief(String timeZone, int rules, List<Line> limits, List<Line> schedules, List<Line> inactivity) {

    /** One rule: its id in the plan, the words, and the alarm's priority. */
    public record Line(String id, String text, String priority) {
    }

    public static PlanBrief of(CarePlan plan) {
        List<Line> limits = plan.vitals().limits().stream().map(l -> new Line(l.id(), capital(name(l.measure()))
                + " " + comparison(l.comparison().key()) + " " + number(l.limit()) + " " + unit(l.measure())
                + (l.count() > 1 ? " in " + l.count() + " readings in a row" : "")
                + (l.duration().isZero() ? "" : " for " + human(l.duration())), l.priority().name())).toList();
        List<Line> schedules = plan.vitals().schedules().stream().map(s -> new Line(s.id(),
                capital(name(s.measure())) + " reading due at " + times(s.at()) + "; reminder after "
                        + human(s.grace()) + ", alarm after " + human(s.escalateAfter())
                        + (s.notifyFamily() ? " (family told)" : ""), s.priority().name())).toList();
        List<Line> inactivity = plan.activity().inactivity().stream().map(i -> new Line(i.id(), switch (i.mode()) {
            case CONTINUOUS -> "No movement for " + human(i.after());
            case WINDOW -> "No movement between " + i.from() + " and " + i.to();
            case WINDOW_INACTIVE -> "No movement for " + human(i.after()) + " between " + i.from() + " and "
                    + i.to();
        } + (i.rooms().isEmpty() ? "" : " in " + String.join(", ", i.rooms().stream().sorted().toList()))
                + (i.preAlarm() ? ", after a warning the resident can cancel" : ""), i.priority().name())).toList();
        return new PlanBrief(plan.timeZone().getId(), plan.ruleCount(), limits, schedules, inactivity);
    }

    private static String name(Measure m) {
        return switch (m) {
            case SPO2 -> "oxygen level (SpO2)";
            case SYSTOLIC -> "systolic blood pressure";
            case DIASTOLIC -> "diastolic blood pressure";
            default -> m.spoken();
        };
    }

    private static String unit(Measure m) {
        return m == Measure.PULSE ? "beats a minute" : m.unit();
    }

    private static String comparison(String key) {
        return switch (key) {
            case "below" -> "below";
            case "atOrBelow" -> "at or below";
            case "above" -> "above";
            default -> "at or above";
        };
    }

    private static String times(List<LocalTime> at) {
        return at.stream().map(LocalTime::toString).collect(Collectors.joining(", "));
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return plural(s / 86_400, "day");
        }
        if (s % 3600 == 0 && s > 0) {
            return plural(s / 3600, "hour");
        }
        if (s % 60 == 0 && s > 0) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
