package org.hearthgate.contract.wire;

import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.alarm.AlarmState;

/**
 * A person has acted on an alarm: ACKNOWLEDGED ("help is on the way") or RESOLVED. {@code by} is the responder's
 * role or display alias, {@code note} what the hub may say to the resident.
 */
public record Ack(AlarmId alarm, AlarmState state, String by, String note) implements Payload {
    public Ack {
        Require.present(alarm, "alarm");
        Require.present(state, "state");
        if (state != AlarmState.ACKNOWLEDGED && state != AlarmState.RESOLVED) {
            throw new IllegalArgumentException("state: an ack is ACKNOWLEDGED or RESOLVED, not " + state);
        }
        Require.text(by, 64, "by");
        Require.optionalText(note, 200, "note");
    }

    @Override
    public Channel channel() {
        return Channel.ACK;
    }
}
