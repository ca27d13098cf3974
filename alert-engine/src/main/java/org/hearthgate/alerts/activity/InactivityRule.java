package org.hearthgate.alerts.activity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import org.hearthgate.alerts.plan.CarePlan.Inactivity;

/**
 * The state of one inactivity rule: idle, in a pre-alarm the resident can cancel, or alarmed. After an alarm the rule
 * is suspended until activity resumes (Tunstall Caresse), so one quiet night is one alarm, not one a minute.
 */
final class InactivityRule {
    enum State { IDLE, PRE_ALARM, ALARMED }

    final Inactivity spec;
    final String key;
    State state = State.IDLE;
    /** Newest activity this rule counts (its rooms only, when it has rooms). */
    long lastActivity;
    long preAlarmStart;
    long lastPrompt;
    long alarmedAt;
    /** Window modes: the local day already decided (passed, alarmed or skipped while away). */
    long decidedDay = Long.MIN_VALUE;

    InactivityRule(Inactivity spec, long now, ZoneId zone) {
        this.spec = spec;
        this.key = "inactivity/" + spec.id();
        // A window that had already closed when the engine started was not watched: it is not judged.
        decideIfWindowPassed(now, zone);
        // Window mode judges only what it sees: a hub started inside a window has seen nothing there yet, and
        // "not seen" must not pass for "up and about". The other modes count from the start.
        this.lastActivity = spec.mode() == org.hearthgate.alerts.plan.CarePlan.InactivityMode.WINDOW ? Long.MIN_VALUE : now;
    }

    boolean counts(String room, String device) {
        if (spec.rooms().isEmpty()) {
            return true;
        }
        for (String r : spec.rooms()) {
            if (r.equalsIgnoreCase(device) || room != null && r.equalsIgnoreCase(room)) {
                return true;
            }
        }
        return false;
    }

    /** True when the rule's condition holds now (whether or not a pre-alarm is running). */
    boolean condition(long now, ZoneId zone) {
        return switch (spec.mode()) {
            case CONTINUOUS -> now - lastActivity >= spec.after().toMillis();
            case WINDOW -> {
                LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
                long from = today.atTime(spec.from()).atZone(zone).toInstant().toEpochMilli();
                long to = today.atTime(spec.to()).atZone(zone).toInstant().toEpochMilli();
                yield now >= to && decidedDay != today.toEpochDay() && lastActivity < from;
            }
            case WINDOW_INACTIVE -> {
                LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
                long from = today.atTime(spec.from()).atZone(zone).toInstant().toEpochMilli();
                long to = today.atTime(spec.to()).atZone(zone).toInstant().toEpochMilli();
                yield now >= from && now < to && now - Math.max(lastActivity, from) >= spec.after().toMillis();
            }
        };
    }

    /** Window mode: once the window has closed today with activity in it, today is decided. */
    void decideIfWindowPassed(long now, ZoneId zone) {
        if (spec.mode() != org.hearthgate.alerts.plan.CarePlan.InactivityMode.WINDOW) {
            return;
        }
        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        long to = today.atTime(spec.to()).atZone(zone).toInstant().toEpochMilli();
        if (now >= to) {
            decidedDay = today.toEpochDay();
        }
    }

    void decideToday(long now, ZoneId zone) {
        decidedDay = Instant.ofEpochMilli(now).atZone(zone).toLocalDate().toEpochDay();
    }

    String describe() {
        return switch (spec.mode()) {
            case CONTINUOUS -> "no activity for " + org.hearthgate.alerts.lifecycle.Text.duration(spec.after());
            case WINDOW -> "no " + (spec.rooms().isEmpty() ? "" : String.join("/", new java.util.TreeSet<>(spec.rooms()))
                    .toLowerCase(Locale.ROOT) + " ") + "activity between " + spec.from() + " and " + spec.to();
            case WINDOW_INACTIVE -> "no activity for " + org.hearthgate.alerts.lifecycle.Text.duration(spec.after())
                    + " between " + spec.from() + " and " + spec.to();
        } + " (" + spec.id() + ")";
    }
}
