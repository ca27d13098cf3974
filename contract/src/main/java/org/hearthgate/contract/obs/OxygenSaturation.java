package org.hearthgate.contract.obs;

import java.time.Instant;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** SpO2 and pulse rate from a pulse oximeter (0x2A5E spot-check or 0x2A5F continuous). */
public record OxygenSaturation(DeviceId device, Instant at, Quantity spo2, Quantity pulseRate, Double perfusionIndex, Set<Quality> quality) implements Observation {
    public OxygenSaturation {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(spo2, "spo2", Ucum.PERCENT);
        Require.optionalQuantity(pulseRate, "pulseRate", Ucum.PER_MIN);
        if (perfusionIndex != null) {
            Require.between(perfusionIndex, 0, 100, "perfusionIndex");
        }
        quality = Require.flags(quality);
    }
}
