package org.hearthgate.contract.wire;

import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.Observation;

/**
 * A new alarm. {@code dedupKey} groups what is one open problem (one per rule and device), {@code summary} is a short
 * text for the responder without personal data, {@code trigger} the observation that caused it, when there is one.
 */
public record AlarmRaised(AlarmId alarm, ResidentId resident, EventCode code, Priority priority, String dedupKey,
        DeviceId device, String summary, Observation trigger) implements Payload {
    public AlarmRaised {
        Require.present(alarm, "alarm");
        Require.present(resident, "resident");
        Require.present(code, "code");
        Require.present(priority, "priority");
        Require.text(dedupKey, 128, "dedupKey");
        Require.text(summary, 200, "summary");
    }

    @Override
    public Channel channel() {
        return Channel.ALARM;
    }
}
