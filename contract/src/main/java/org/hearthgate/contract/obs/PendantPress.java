package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** The resident pressed their pendant or wrist button. */
public record PendantPress(DeviceId device, Instant at) implements Observation {
    public PendantPress {
        Require.present(device, "device");
        Require.present(at, "at");

    }
}
