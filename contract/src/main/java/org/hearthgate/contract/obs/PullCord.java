package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** A pull-cord was pulled (bathroom, bedroom). */
public record PullCord(DeviceId device, Instant at, String location) implements Observation {
    public PullCord {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.optionalText(location, 48, "location");
    }
}
