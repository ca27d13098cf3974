package org.hearthgate.contract.obs;

import java.time.Instant;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** Body temperature from a thermometer (0x2A1C), with the measurement site when the device says. */
public record BodyTemperature(DeviceId device, Instant at, Quantity temperature, String site, Set<Quality> quality) implements Observation {
    public BodyTemperature {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(temperature, "temperature", Ucum.CEL, Ucum.DEG_F);
        Require.optionalText(site, 32, "site");
        quality = Require.flags(quality);
    }
}
