package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** A door or window contact: open or closed. */
public record Contact(DeviceId device, Instant at, String location, boolean open) implements Observation {
    public Contact {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.optionalText(location, 48, "location");
    }
}
