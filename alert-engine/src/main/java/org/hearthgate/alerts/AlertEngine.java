package org.hearthgate.alerts;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.hearthgate.alerts.activity.ActivityRules;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.supervision.DeviceSupervision;
import org.hearthgate.alerts.vitals.VitalRules;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.PullCord;
import org.hearthgate.contract.wire.Event;

/**
 * The local rules for one resident: plain Java, no I/O, time from the injected clock. Immediate alarms (pendant,
 * pull-cord, fall, hazard) are decided first, come first in the returned list, and are never delayed or suppressed
 * by any other rule: even a failing rule cannot take them away, because the other rules run after them inside a
 * guard that turns a failure into a counted fault event.
 *
 * <p>Not thread-safe: the hub feeds one engine from one thread.
 */
public final class AlertEngine {
    private final ResidentId resident;
    private CarePlan plan;
    private final Clock clock;
    private final AlarmBook book;
    private VitalRules vitals;
    private ActivityRules activity;
    private final DeviceSupervision supervision;
    private final Emitter out = new Emitter();
    /** Outcomes decided outside a call that returns them (away mode); delivered with the next call. */
    private final Emitter deferred = new Emitter();
    private long observations;
    private long ruleErrors;

    public AlertEngine(ResidentId resident, CarePlan plan, Clock clock) {
        this(resident, plan, clock, AlarmId::random);
    }

    /** As above with a source of alarm ids, for replays and tests that must be repeatable. */
    public AlertEngine(ResidentId resident, CarePlan plan, Clock clock, Supplier<AlarmId> alarmIds) {
        this.resident = java.util.Objects.requireNonNull(resident, "resident");
        this.plan = java.util.Objects.requireNonNull(plan, "plan");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.book = new AlarmBook(resident, alarmIds);
        this.vitals = new VitalRules(plan, resident, book, clock.millis());
        this.activity = new ActivityRules(plan, resident, book, clock.millis());
        this.supervision = new DeviceSupervision(plan.supervision(), resident);
    }

    public CarePlan plan() {
        return plan;
    }

    public List<Outcome> onObservation(Observation observation) {
        long now = clock.millis();
        // A device clock running fast must not make the resident look active in the future (that would mute
        // inactivity rules), so a measurement time is never later than the hub's own clock.
        long at = Math.min(observation.at().toEpochMilli(), now);
        observations++;
        immediateAlarm(observation, out);
        drainDeferred();
        try {
            supervision.accept(observation, at, out);
            vitals.accept(observation, at, out);
            switch (observation) {
                case PendantPress p -> activity.activity(at, null, p.device(), out);
                case PullCord p -> activity.activity(at, p.location(), p.device(), out);
                // Taking a spot-check reading is something the resident does: it is a sign of life.
                case BloodPressure b -> activity.activity(at, null, b.device(), out);
                case BodyWeight w -> activity.activity(at, null, w.device(), out);
                case BloodGlucose g -> activity.activity(at, null, g.device(), out);
                default -> activity.accept(observation, at, out);
            }
        } catch (RuntimeException e) {
            fault(e);
        }
        return out.take();
    }

    /** Time-driven rules (inactivity, pre-alarms, missed readings, supervision); call at least once a second. */
    public List<Outcome> tick() {
        long now = clock.millis();
        drainDeferred();
        try {
            activity.tick(now, out);
            vitals.tick(now, out);
            supervision.tick(now, out);
        } catch (RuntimeException e) {
            fault(e);
        }
        return out.take();
    }

    /** The resident pressed cancel on the hub: pending pre-alarms end (and the press counts as activity). */
    public List<Outcome> cancelPressed() {
        drainDeferred();
        activity.cancelPressed(clock.millis(), out);
        return out.take();
    }

    /**
     * Runs {@code next} from now on, keeping what the engine knows about the resident rather than what the old plan
     * said: open alarms stay open under their keys (a responder can still close them, a repeat still updates them),
     * away mode, the supervised devices and their state, the newest reading of each measure. A rule present in both
     * plans (by id, or the same vital-sign component with the same settings) keeps its state: windows, baselines,
     * running pre-alarms, the day already decided; a limit whose value changed keeps only whether it is breached, so a
     * tightened limit judges the next reading by itself. A new rule starts as at start-up. A pre-alarm whose rule is
     * gone ends, and that is reported. If the plan cannot be run, the engine is unchanged and the exception thrown.
     */
    public List<Outcome> replacePlan(CarePlan next) {
        java.util.Objects.requireNonNull(next, "plan");
        long now = clock.millis();
        // Built before anything changes: a failure leaves the running plan in place.
        VitalRules nextVitals = new VitalRules(next, resident, book, now, vitals);
        ActivityRules nextActivity = new ActivityRules(next, resident, book, now);
        drainDeferred();
        nextActivity.takeOver(activity, now, out);
        supervision.replaceSpec(next.supervision());
        vitals = nextVitals;
        activity = nextActivity;
        plan = next;
        return out.take();
    }

    /** Away mode pauses the inactivity rules; a pre-alarm running now is cancelled and reported with the next call. */
    public void setAway(boolean away) {
        activity.setAway(away, clock.millis(), deferred);
    }

    /** A device the hub expects to hear from (a configured cuff or sensor): supervised from now, even if silent. */
    public void expect(DeviceId device) {
        supervision.expect(device, clock.millis(), deferred);
    }

    public boolean away() {
        return activity.away();
    }

    /** The cloud or the resident closed an alarm: a new trigger for the same key may open a new one. */
    public void closed(AlarmId alarm, AlarmState state) {
        book.closed(alarm, state);
    }

    /** Inactivity pre-alarms running now (their prompt keys). */
    public List<String> pendingPreAlarms() {
        return activity.pendingPreAlarms();
    }

    /** Counters for the hub's health page; nothing personal. */
    public record Stats(long observations, long readings, long unusableReadings, int openAlarms, long repeats,
            long ruleErrors, int devices, int retainedValues) {
    }

    public Stats stats() {
        return new Stats(observations, vitals.readings(), vitals.unusable(), book.openCount(), book.repeats(),
                ruleErrors, supervision.devices(), vitals.retained());
    }

    private void drainDeferred() {
        for (Outcome o : deferred.take()) {
            out.emit(o);
        }
    }

    private void fault(RuntimeException e) {
        // Never the message: it might quote a value. The class says which rule failed to whoever reads the event.
        ruleErrors++;
        StackTraceElement[] st = e.getStackTrace();
        String where = st.length == 0 ? "?" : st[0].getClassName().substring(st[0].getClassName().lastIndexOf('.') + 1);
        out.emit(new Outcome.Notify(new Event(resident, EventCode.DEVICE_FAULT, EventCode.DEVICE_FAULT.defaultPriority(),
                null, "rule evaluation failed: " + e.getClass().getSimpleName() + " in " + where)));
    }

    private void immediateAlarm(Observation observation, Emitter out) {
        switch (observation) {
            case PendantPress p -> raise(EventCode.PERSONAL_TRIGGER, "pendant pressed", observation, out);
            case PullCord p -> raise(EventCode.PULL_CORD, "pull-cord pulled", observation, out);
            case FallDetected f -> raise(f.source() == FallSource.FALL_MAT ? EventCode.FALL_MAT
                    : EventCode.FALL_DETECTED, f.source() == FallSource.FALL_MAT ? "fall mat triggered"
                    : "fall detected", observation, out);
            case Hazard h -> raise(switch (h.hazard()) {
                case SMOKE, HEAT -> EventCode.SMOKE;
                case CARBON_MONOXIDE, GAS -> EventCode.CARBON_MONOXIDE;
                case FLOOD -> EventCode.FLOOD;
            }, h.hazard().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " detector", observation, out);
            default -> {
            }
        }
    }

    private void raise(EventCode code, String summary, Observation trigger, Emitter out) {
        // Each press is told to the responder: pressing again while waiting is itself information.
        book.trigger(code.name() + "/" + trigger.device(), code, code.defaultPriority(), trigger.device(), () -> summary,
                trigger, AlarmBook.Repeats.EVERY, out);
    }
}
