package org.hearthgate.alerts.vitals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.wire.Event;

/**
 * One reading schedule (Luscii-style compliance, anchors B.3): a reading from {@code early} before a due time
 * satisfies it; at due + grace the resident is reminded (and family, if the plan says); at due + escalateAfter it
 * becomes an alarm. Only due times after the engine started count: a hub switched on at noon does not scold the
 * resident for the morning.
 */
final class MissedReading {
    private final CarePlan.Schedule spec;
    private final ZoneId zone;
    private final ResidentId resident;
    private final String key;
    private long due;
    private boolean reminded;

    MissedReading(CarePlan.Schedule spec, ZoneId zone, ResidentId resident, long start) {
        this.spec = spec;
        this.zone = zone;
        this.resident = resident;
        this.key = "missed/" + spec.id();
        this.due = nextDue(start);
    }

    CarePlan.Schedule spec() {
        return spec;
    }

    /** {@code lastReading} is the newest reading of the schedule's measure, or Long.MIN_VALUE. */
    void tick(long now, long lastReading, AlarmBook book, Emitter out) {
        // A loop, not an if: after a long pause (hub off, replay gap) several due times may have passed.
        for (int guard = 0; guard < 64; guard++) {
            if (lastReading >= due - spec.early().toMillis()) {
                if (reminded) {
                    book.note(key, spec.measure().spoken() + " reading received", out);
                }
                advance();
                continue;
            }
            if (now >= due + spec.escalateAfter().toMillis()) {
                book.trigger(key, EventCode.MISSED_MEASUREMENT, spec.priority(), null, () -> "no " + spec.measure().spoken()
                        + " reading for the " + LocalTime.ofInstant(Instant.ofEpochMilli(due), zone) + " due time after "
                        + Text.duration(spec.escalateAfter()) + " (" + spec.id() + ")", null,
                        AlarmBook.Repeats.LOGARITHMIC, out);
                advance();
                continue;
            }
            if (now >= due + spec.grace().toMillis() && !reminded) {
                reminded = true;
                out.emit(new Outcome.Prompt(key, "It is time to take your " + spec.measure().spoken()
                        + " reading, please.", false));
                if (spec.notifyFamily()) {
                    out.emit(new Outcome.Notify(new Event(resident, EventCode.REMINDER, EventCode.REMINDER.defaultPriority(),
                            null, Text.fit(spec.measure().spoken() + " reading due at "
                                    + LocalTime.ofInstant(Instant.ofEpochMilli(due), zone) + " not taken yet (" + spec.id() + ")"))));
                }
            }
            return;
        }
    }

    private void advance() {
        due = nextDue(due);
        reminded = false;
    }

    /** The first due time strictly after {@code after}. */
    private long nextDue(long after) {
        LocalDate date = Instant.ofEpochMilli(after).atZone(zone).toLocalDate();
        for (int d = 0; d < 3; d++) {
            for (LocalTime t : spec.at()) {
                long candidate = date.plusDays(d).atTime(t).atZone(zone).toInstant().toEpochMilli();
                if (candidate > after) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no due time within 3 days");
    }
}
