package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** A device reports its own state: online, offline, tampered, or in error, with a short reason. */
public record DeviceStatus(DeviceId device, Instant at, DeviceState state, String detail) implements Observation {
    public DeviceStatus {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.present(state, "state");
        Require.optionalText(detail, 200, "detail");
    }
}
