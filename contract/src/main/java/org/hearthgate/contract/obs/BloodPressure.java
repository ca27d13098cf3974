package org.hearthgate.contract.obs;

import java.time.Instant;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** A blood-pressure measurement from a cuff (Bluetooth 0x2A35); pressures in mm[Hg] or kPa. */
public record BloodPressure(DeviceId device, Instant at, Quantity systolic, Quantity diastolic, Quantity mean, Quantity pulse, Integer user, Set<Quality> quality) implements Observation {
    public BloodPressure {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(systolic, "systolic", Ucum.MM_HG, Ucum.KPA);
        Require.quantity(diastolic, "diastolic", Ucum.MM_HG, Ucum.KPA);
        Require.optionalQuantity(mean, "mean", Ucum.MM_HG, Ucum.KPA);
        Require.optionalQuantity(pulse, "pulse", Ucum.PER_MIN);
        quality = Require.flags(quality);
    }
}
