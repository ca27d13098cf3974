package org.hearthgate.alerts.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.Outcome;

/**
 * Collects the outcomes of one engine call. Reused across calls and allocating only when something happens, so the
 * quiet path (most readings decide nothing) costs no garbage.
 */
public final class Emitter {
    private List<Outcome> pending;

    public void emit(Outcome outcome) {
        if (pending == null) {
            pending = new ArrayList<>(4);
        }
        pending.add(outcome);
    }

    public boolean isEmpty() {
        return pending == null;
    }

    /** The outcomes so far, in the order they were decided, and starts afresh. */
    public List<Outcome> take() {
        List<Outcome> out = pending == null ? List.of() : pending;
        pending = null;
        return out;
    }
}
