package org.hearthgate.contract.wire;

import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/** A technical or supervision event (battery low, sensor missing, power fail) or a reminder. */
public record Event(ResidentId resident, EventCode code, Priority priority, DeviceId device, String detail)
        implements Payload {
    public Event {
        Require.present(code, "code");
        Require.present(priority, "priority");
        Require.optionalText(detail, 200, "detail");
    }

    @Override
    public Channel channel() {
        return Channel.EVENT;
    }
}
