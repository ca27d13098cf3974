package org.hearthgate.alerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.PullCord;
import org.hearthgate.contract.wire.AlarmRaised;

/**
 * The local rules for one resident: plain Java, no I/O, time from the injected clock. Immediate alarms (pendant,
 * pull-cord, fall, hazard) are decided first and are never delayed by any other rule.
 *
 * <p>Not thread-safe: the hub feeds one engine from one thread.
 */
public final class AlertEngine {
    private final ResidentId resident;
    private final Clock clock;
    private final Map<String, AlarmId> openByDedupKey = new HashMap<>();

    public AlertEngine(ResidentId resident, Clock clock) {
        this.resident = resident;
        this.clock = clock;
    }

    public List<Outcome> onObservation(Observation observation) {
        List<Outcome> out = new ArrayList<>();
        immediateAlarm(observation, out);
        return out;
    }

    /** Time-driven rules (inactivity, missed readings, pre-alarm expiry); call at least once a second. */
    public List<Outcome> tick() {
        clock.instant();
        return List.of();
    }

    /** The resident pressed cancel on the hub: cancels pending pre-alarms. */
    public List<Outcome> cancelPressed() {
        return List.of();
    }

    /** Away mode pauses the inactivity rules. */
    public void setAway(boolean away) {
    }

    /** The cloud or the resident closed an alarm: a new trigger for the same key may open a new one. */
    public void closed(AlarmId alarm, AlarmState state) {
        if (!state.isOpen()) {
            openByDedupKey.values().remove(alarm);
        }
    }

    private void immediateAlarm(Observation observation, List<Outcome> out) {
        switch (observation) {
            case PendantPress p -> raise(EventCode.PERSONAL_TRIGGER, "pendant pressed", observation, out);
            case PullCord p -> raise(EventCode.PULL_CORD, "pull-cord pulled", observation, out);
            case FallDetected f -> raise(f.source() == FallSource.FALL_MAT ? EventCode.FALL_MAT
                    : EventCode.FALL_DETECTED, "fall detected", observation, out);
            case Hazard h -> raise(switch (h.hazard()) {
                case SMOKE, HEAT -> EventCode.SMOKE;
                case CARBON_MONOXIDE, GAS -> EventCode.CARBON_MONOXIDE;
                case FLOOD -> EventCode.FLOOD;
            }, h.hazard().name().toLowerCase(java.util.Locale.ROOT) + " detector", observation, out);
            default -> {
            }
        }
    }

    private void raise(EventCode code, String summary, Observation trigger, List<Outcome> out) {
        String key = code.name() + "/" + trigger.device();
        if (openByDedupKey.containsKey(key)) {
            // A second press while the first is open is not a new emergency; the open alarm still stands.
            return;
        }
        AlarmId id = AlarmId.random();
        openByDedupKey.put(key, id);
        out.add(new Outcome.Raise(new AlarmRaised(id, resident, code, code.defaultPriority(), key, trigger.device(),
                summary, trigger)));
    }
}
