package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** Movement seen by a PIR or other activity sensor in a room. */
public record Motion(DeviceId device, Instant at, String room, boolean detected) implements Observation {
    public Motion {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.optionalText(room, 48, "room");
    }
}
