package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** A device's battery level in percent. */
public record BatteryLevel(DeviceId device, Instant at, Quantity level) implements Observation {
    public BatteryLevel {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(level, "level", Ucum.PERCENT);
    }
}
