package org.hearthgate.contract.wire;

import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.Priority;

/**
 * A change to an open alarm seen from the hub: the resident cancelled it, the condition worsened (a more urgent
 * priority), or it cleared locally. A worsening condition updates the open alarm rather than opening a second one.
 */
public record AlarmUpdate(AlarmId alarm, AlarmState state, Priority priority, String reason) implements Payload {
    public AlarmUpdate {
        Require.present(alarm, "alarm");
        Require.present(state, "state");
        Require.present(priority, "priority");
        Require.text(reason, 200, "reason");
    }

    @Override
    public Channel channel() {
        return Channel.ALARM;
    }
}
