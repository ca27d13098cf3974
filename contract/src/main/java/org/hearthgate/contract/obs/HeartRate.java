package org.hearthgate.contract.obs;

import java.time.Instant;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** Heart rate from a chest strap or wrist sensor (0x2A37), with RR intervals in seconds. */
public record HeartRate(DeviceId device, Instant at, Quantity rate, java.util.List<Double> rrIntervals, Boolean skinContact, Quantity energyExpended, Set<Quality> quality) implements Observation {
    public HeartRate {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(rate, "rate", Ucum.PER_MIN);
        rrIntervals = rrIntervals == null ? java.util.List.of() : java.util.List.copyOf(rrIntervals);
        for (int i = 0; i < rrIntervals.size(); i++) {
            Require.between(rrIntervals.get(i), 0, 64, "rrIntervals[" + i + "]");
        }
        Require.optionalQuantity(energyExpended, "energyExpended", Ucum.KJ);
        quality = Require.flags(quality);
    }
}
