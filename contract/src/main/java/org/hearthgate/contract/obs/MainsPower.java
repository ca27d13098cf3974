package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** The hub's mains supply: lost (running on battery) or back. */
public record MainsPower(DeviceId device, Instant at, boolean onMains) implements Observation {
    public MainsPower {
        Require.present(device, "device");
        Require.present(at, "at");

    }
}
