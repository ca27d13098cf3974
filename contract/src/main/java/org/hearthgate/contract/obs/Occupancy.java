package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** A bed or chair pressure pad: occupied or not. */
public record Occupancy(DeviceId device, Instant at, Place place, String location, boolean occupied) implements Observation {
    public Occupancy {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.present(place, "place");
        Require.optionalText(location, 48, "location");
    }
}
