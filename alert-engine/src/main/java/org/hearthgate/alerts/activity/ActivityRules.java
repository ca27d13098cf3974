package org.hearthgate.alerts.activity;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.wire.Event;

/**
 * Activity rules in the resident's time zone: the three inactivity modes with their cancellable pre-alarm, an exit
 * door opened at night, and out of bed at night without coming back. Away mode pauses the inactivity rules only:
 * a door at night or a bed left empty still matter when someone is home to say they are away.
 */
public final class ActivityRules {
    static final String PRE_ALARM_TEXT = "An inactivity call is about to be made. Please press Cancel if you are all right.";

    private final CarePlan.Activity spec;
    private final ZoneId zone;
    private final ResidentId resident;
    private final AlarmBook book;
    private final List<InactivityRule> rules = new ArrayList<>();
    private final long preAlarmMs;
    private final long repeatMs;
    private boolean away;
    private long outOfBedSince = Long.MIN_VALUE;
    private DeviceId bedDevice;
    private boolean outOfBedRaised;
    private boolean movedSinceOutOfBed;

    public ActivityRules(CarePlan plan, ResidentId resident, AlarmBook book, long now) {
        this.spec = plan.activity();
        this.zone = plan.timeZone();
        this.resident = resident;
        this.book = book;
        this.preAlarmMs = spec.preAlarm().duration().toMillis();
        this.repeatMs = spec.preAlarm().repeatEvery().toMillis();
        for (CarePlan.Inactivity i : spec.inactivity()) {
            rules.add(new InactivityRule(i, now, zone));
        }
    }

    /**
     * Takes over from {@code previous}, the rules of the care plan this one replaces: away mode, a night out of bed
     * being watched (if this plan watches for it), and the state of each inactivity rule whose id is in both plans:
     * its last activity, a running pre-alarm, an alarm waiting for activity to resume, the day already decided (when
     * the rule's mode and window are the same). A rule that is new watches from now, as at start-up. A pre-alarm of a
     * rule this plan no longer has ends, told to the resident and reported as cancelled.
     */
    public void takeOver(ActivityRules previous, long now, Emitter out) {
        away = previous.away;
        if (spec.outOfBed().enabled()) {
            outOfBedSince = previous.outOfBedSince;
            bedDevice = previous.bedDevice;
            outOfBedRaised = previous.outOfBedRaised;
            movedSinceOutOfBed = previous.movedSinceOutOfBed;
        }
        for (InactivityRule old : previous.rules) {
            InactivityRule r = rules.stream().filter(n -> n.spec.id().equals(old.spec.id())).findFirst().orElse(null);
            if (r == null) {
                if (old.state == InactivityRule.State.PRE_ALARM) {
                    out.emit(new Outcome.Notify(new Event(resident, EventCode.PRE_ALARM_CANCELLED,
                            EventCode.PRE_ALARM_CANCELLED.defaultPriority(), null,
                            Text.fit("care plan changed, rule removed: " + old.describe()))));
                    out.emit(new Outcome.Prompt(old.key, "The inactivity call has been cancelled.", false));
                }
                continue;
            }
            // Window mode keeps "nothing seen yet" as MIN_VALUE; the other modes count from a real time.
            r.lastActivity = old.lastActivity != Long.MIN_VALUE
                    || r.spec.mode() == CarePlan.InactivityMode.WINDOW ? old.lastActivity : now;
            r.state = old.state;
            r.preAlarmStart = old.preAlarmStart;
            r.lastPrompt = old.lastPrompt;
            r.alarmedAt = old.alarmedAt;
            if (old.spec.mode() == r.spec.mode() && java.util.Objects.equals(old.spec.from(), r.spec.from())
                    && java.util.Objects.equals(old.spec.to(), r.spec.to())) {
                r.decidedDay = old.decidedDay;
            }
        }
    }

    /** Any sign of life; {@code room} may be null. Also cancels a running pre-alarm the activity answers. */
    public void activity(long at, String room, DeviceId device, Emitter out) {
        String dev = device == null ? null : device.value();
        if (outOfBedSince != Long.MIN_VALUE && at > outOfBedSince && device != null && !device.equals(bedDevice)) {
            movedSinceOutOfBed = true;
        }
        for (InactivityRule r : rules) {
            if (r.counts(room, dev) && at > r.lastActivity) {
                r.lastActivity = at;
                if (r.state == InactivityRule.State.PRE_ALARM) {
                    endPreAlarm(r, "activity resumed", at, out);
                } else if (r.state == InactivityRule.State.ALARMED && at > r.alarmedAt) {
                    r.state = InactivityRule.State.IDLE;
                    book.note(r.key, "activity resumed after " + r.describe(), out);
                }
            }
        }
    }

    /** Door, bed and motion observations: activity plus the night rules. */
    public void accept(Observation o, long at, Emitter out) {
        switch (o) {
            case Motion m -> {
                if (m.detected()) {
                    activity(at, m.room(), m.device(), out);
                }
            }
            case Contact c -> {
                activity(at, c.location(), c.device(), out);
                if (c.open() && spec.doorAtNight().enabled() && isNight(at) && isExitDoor(c)) {
                    book.trigger("door-at-night/" + c.device(), EventCode.WANDERING, spec.doorAtNight().priority(),
                            c.device(), () -> "door " + (c.location() == null ? c.device().value() : c.location())
                                    + " opened at night (" + spec.night().from() + "–" + spec.night().to() + ")",
                            c, AlarmBook.Repeats.EVERY, out);
                }
            }
            case Occupancy b -> {
                activity(at, b.location(), b.device(), out);
                if (b.place() == Place.BED && spec.outOfBed().enabled()) {
                    if (!b.occupied() && isNight(at)) {
                        outOfBedSince = at;
                        bedDevice = b.device();
                        outOfBedRaised = false;
                        movedSinceOutOfBed = false;
                    } else if (b.occupied()) {
                        if (outOfBedRaised) {
                            book.note("out-of-bed", "back in bed", out);
                        }
                        outOfBedSince = Long.MIN_VALUE;
                        outOfBedRaised = false;
                    }
                }
            }
            default -> {
            }
        }
    }

    private boolean isExitDoor(Contact c) {
        if (spec.doorAtNight().doors().isEmpty()) {
            return true;
        }
        for (String d : spec.doorAtNight().doors()) {
            if (d.equalsIgnoreCase(c.device().value()) || c.location() != null && d.equalsIgnoreCase(c.location())) {
                return true;
            }
        }
        return false;
    }

    private boolean isNight(long at) {
        return spec.night().contains(LocalTime.ofInstant(Instant.ofEpochMilli(at), zone));
    }

    public void tick(long now, Emitter out) {
        if (outOfBedSince != Long.MIN_VALUE && !outOfBedRaised
                && now - outOfBedSince >= spec.outOfBed().after().toMillis()) {
            if (movedSinceOutOfBed && !isNight(now)) {
                // Up shortly before the night ended and moving about since: that is the morning, not a night
                // walk gone wrong. The day's inactivity rules watch from here.
                outOfBedSince = Long.MIN_VALUE;
                return;
            }
            outOfBedRaised = true;
            book.trigger("out-of-bed", EventCode.OUT_OF_BED, spec.outOfBed().priority(), bedDevice,
                    () -> "out of bed at night and not back after " + Text.duration(spec.outOfBed().after()), null,
                    AlarmBook.Repeats.EVERY, out);
        }
        for (InactivityRule r : rules) {
            if (away) {
                r.decideIfWindowPassed(now, zone);
                continue;
            }
            switch (r.state) {
                case IDLE -> {
                    if (r.condition(now, zone)) {
                        if (r.spec.preAlarm() && preAlarmMs > 0) {
                            r.state = InactivityRule.State.PRE_ALARM;
                            r.preAlarmStart = now;
                            r.lastPrompt = now;
                            out.emit(new Outcome.Prompt(r.key, PRE_ALARM_TEXT, true));
                            out.emit(new Outcome.Notify(new Event(resident, EventCode.PRE_ALARM,
                                    EventCode.PRE_ALARM.defaultPriority(), null, Text.fit("pre-alarm: " + r.describe()))));
                        } else {
                            alarm(r, now, out);
                        }
                    } else {
                        r.decideIfWindowPassed(now, zone);
                    }
                }
                case PRE_ALARM -> {
                    if (now - r.preAlarmStart >= preAlarmMs) {
                        alarm(r, now, out);
                    } else if (now - r.lastPrompt >= repeatMs) {
                        r.lastPrompt = now;
                        out.emit(new Outcome.Prompt(r.key, PRE_ALARM_TEXT, true));
                    }
                }
                case ALARMED -> r.decideIfWindowPassed(now, zone);
            }
        }
    }

    private void alarm(InactivityRule r, long now, Emitter out) {
        r.state = InactivityRule.State.ALARMED;
        r.alarmedAt = now;
        r.decideToday(now, zone);
        book.trigger(r.key, r.spec.code(), r.spec.priority(), null, r::describe, null, AlarmBook.Repeats.EVERY, out);
        if (r.spec.preAlarm()) {
            out.emit(new Outcome.Prompt(r.key, "An alarm call has been made. Help is being arranged.", false));
        }
    }

    private void endPreAlarm(InactivityRule r, String why, long now, Emitter out) {
        r.state = InactivityRule.State.IDLE;
        r.decideToday(now, zone);
        if (r.spec.mode() == CarePlan.InactivityMode.WINDOW_INACTIVE || r.spec.mode() == CarePlan.InactivityMode.CONTINUOUS) {
            r.decidedDay = Long.MIN_VALUE; // these modes are not once a day
        }
        out.emit(new Outcome.Notify(new Event(resident, EventCode.PRE_ALARM_CANCELLED,
                EventCode.PRE_ALARM_CANCELLED.defaultPriority(), null, Text.fit(why + ": " + r.describe()))));
    }

    /** The resident pressed cancel at the hub: every pre-alarm ends, and the press itself is activity. */
    public boolean cancelPressed(long now, Emitter out) {
        boolean any = false;
        for (InactivityRule r : rules) {
            if (r.state == InactivityRule.State.PRE_ALARM) {
                endPreAlarm(r, "cancelled by the resident", now, out);
                any = true;
            }
            r.lastActivity = Math.max(r.lastActivity, now);
        }
        if (any) {
            out.emit(new Outcome.Prompt("pre-alarm", "Thank you. The call has been cancelled.", false));
        }
        return any;
    }

    /** Away pauses inactivity rules; coming home counts as activity, so no rule fires for the time away. */
    public void setAway(boolean away, long now, Emitter out) {
        if (away == this.away) {
            return;
        }
        this.away = away;
        for (InactivityRule r : rules) {
            if (away && r.state == InactivityRule.State.PRE_ALARM) {
                endPreAlarm(r, "resident away", now, out);
            }
            if (!away) {
                r.lastActivity = Math.max(r.lastActivity, now);
            }
        }
    }

    public boolean away() {
        return away;
    }

    /** Pre-alarms running now, by key. */
    public List<String> pendingPreAlarms() {
        List<String> keys = new ArrayList<>();
        for (InactivityRule r : rules) {
            if (r.state == InactivityRule.State.PRE_ALARM) {
                keys.add(r.key);
            }
        }
        return keys;
    }
}
