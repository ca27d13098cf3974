package org.hearthgate.alerts.lifecycle;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;

/**
 * The open alarms of one resident, one per de-duplication key. A trigger on a key with no open alarm raises one; a
 * worse trigger raises the open alarm's priority ({@link Outcome.Update}); a repeat is never dropped silently: it is
 * counted, and reported as an update (every time for people pressing buttons, at 1, 2, 4, 8… repeats for rules that
 * fire on every reading, so a 1 Hz oximeter does not flood the responder).
 *
 * <p>Memory: one entry per open alarm. Keys come from the care plan's rules and the resident's devices (bounded by
 * supervision's device cap), so the map is bounded however long the engine runs.
 */
public final class AlarmBook {
    private final ResidentId resident;
    private final Supplier<AlarmId> ids;
    private final Map<String, Open> open = new HashMap<>();
    private final Map<AlarmId, String> keyOf = new HashMap<>();
    private long repeats;

    public AlarmBook(ResidentId resident, Supplier<AlarmId> ids) {
        this.resident = resident;
        this.ids = ids;
    }

    /** How a repeat trigger on an open alarm is reported. */
    public enum Repeats {
        /** Every repeat is an update: a person pressed again. */
        EVERY,
        /** Updates at the 1st, 2nd, 4th, 8th… repeat; all are counted. */
        LOGARITHMIC
    }

    private static final class Open {
        final AlarmId id;
        Priority priority;
        long repeats;

        Open(AlarmId id, Priority priority) {
            this.id = id;
            this.priority = priority;
        }
    }

    /**
     * A rule's condition holds. {@code summary} is asked for only when something is emitted: most repeats on an
     * open alarm are counted silently, and building their text would dominate the engine's cost.
     */
    public void trigger(String key, EventCode code, Priority priority, DeviceId device, Supplier<String> summary,
            Observation cause, Repeats policy, Emitter out) {
        Open o = open.get(key);
        if (o == null) {
            AlarmId id = ids.get();
            open.put(key, new Open(id, priority));
            keyOf.put(id, key);
            out.emit(new Outcome.Raise(new AlarmRaised(id, resident, code, priority, Text.fit(key), device,
                    Text.fit(summary.get()), cause)));
            return;
        }
        o.repeats++;
        repeats++;
        if (priority.moreUrgentThan(o.priority)) {
            o.priority = priority;
            out.emit(new Outcome.Update(new AlarmUpdate(o.id, AlarmState.RAISED, priority,
                    Text.fit("worse: " + summary.get()))));
        } else if (policy == Repeats.EVERY || Long.bitCount(o.repeats) == 1) {
            out.emit(new Outcome.Update(new AlarmUpdate(o.id, AlarmState.RAISED, o.priority,
                    Text.fit("repeated (" + o.repeats + "x): " + summary.get()))));
        }
    }

    /** Tells responders about an open alarm's condition without changing it (e.g. "back within limits"). */
    public void note(String key, String reason, Emitter out) {
        Open o = open.get(key);
        if (o != null) {
            out.emit(new Outcome.Update(new AlarmUpdate(o.id, AlarmState.RAISED, o.priority, Text.fit(reason))));
        }
    }

    public boolean isOpen(String key) {
        return open.containsKey(key);
    }

    /** The cloud or the resident closed an alarm: the next trigger on its key opens a new one. */
    public void closed(AlarmId alarm, AlarmState state) {
        if (state.isOpen()) {
            return;
        }
        String key = keyOf.remove(alarm);
        if (key != null) {
            open.remove(key);
        }
    }

    public int openCount() {
        return open.size();
    }

    /** Repeat triggers on open alarms since start, reported or not. */
    public long repeats() {
        return repeats;
    }

    /** The repeats counted on the open alarm of {@code key}, or -1 when none is open. */
    public long repeats(String key) {
        Open o = open.get(key);
        return o == null ? -1 : o.repeats;
    }

    public Priority priority(String key) {
        Open o = open.get(key);
        return o == null ? null : o.priority;
    }
}
