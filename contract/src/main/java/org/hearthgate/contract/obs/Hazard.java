package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** A linked smoke, CO, flood or heat detector is in alarm. */
public record Hazard(DeviceId device, Instant at, HazardKind hazard, String location) implements Observation {
    public Hazard {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.present(hazard, "hazard");
        Require.optionalText(location, 48, "location");
    }
}
