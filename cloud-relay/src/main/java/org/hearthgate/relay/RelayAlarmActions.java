package org.hearthgate.relay;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.relay.escalation.AlarmActions;
import org.hearthgate.relay.escalation.Outcome;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;

/**
 * The alarm workflow as escalation and the console use it: move the alarm in the store, tell the hub (so the
 * resident hears "help is on the way", or how it ended), tell the consoles. A move that did not happen (someone else
 * was first, or the alarm is closed) tells nobody anything.
 */
final class RelayAlarmActions implements AlarmActions {
    private final RelayStore store;
    private final Downlink downlink;
    private final LiveFeed feed;

    RelayAlarmActions(RelayStore store, Downlink downlink, LiveFeed feed) {
        this.store = store;
        this.downlink = downlink;
        this.feed = feed;
    }

    @Override
    public boolean acknowledge(AlarmId alarm, String by, String note, Instant at) {
        Optional<AlarmRecord> before = store.alarm(alarm);
        if (before.isEmpty() || before.get().acknowledgedAt() != null || !before.get().state().isOpen()) {
            return false;
        }
        return store.transition(alarm, AlarmState.ACKNOWLEDGED, by, note, at).map(r -> {
            tell(r, AlarmState.ACKNOWLEDGED, roleOf(by), note);
            feed.publish("alarm.acknowledged", Map.of("alarm", r, "by", by));
            return true;
        }).orElse(false);
    }

    @Override
    public boolean resolve(AlarmId alarm, String by, Outcome outcome, String notes, Instant at) {
        Optional<AlarmRecord> before = store.alarm(alarm);
        if (before.isEmpty() || !before.get().state().isOpen()) {
            return false;
        }
        String note = outcome.name() + (notes == null || notes.isBlank() ? "" : ": " + notes);
        return store.transition(alarm, AlarmState.RESOLVED, by, note, at).map(r -> {
            tell(r, AlarmState.RESOLVED, "care team", outcome.name());
            feed.publish("alarm.resolved", Map.of("alarm", r, "by", by, "outcome", outcome.name()));
            return true;
        }).orElse(false);
    }

    private void tell(AlarmRecord r, AlarmState state, String role, String note) {
        // The cloud's own alarms (hub offline) were never raised at home: nothing is said there.
        if (r.code() != EventCode.HUB_OFFLINE) {
            downlink.send(TenantId.of(r.tenant()), HubId.of(r.hub()), new Ack(r.id(), state, role, note));
        }
    }

    /** "Sam Patel (family)" → "family"; anyone else is the care team. */
    private static String roleOf(String by) {
        int open = by.lastIndexOf('(');
        return open >= 0 && by.endsWith(")") ? by.substring(open + 1, by.length() - 1).toLowerCase(Locale.ROOT)
                : "care team";
    }
}
