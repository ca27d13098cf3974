package org.hearthgate.contract.obs;

import java.time.Instant;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** Blood glucose from a meter (0x2A18); sequence is the meter's record number, used to de-duplicate replays. */
public record BloodGlucose(DeviceId device, Instant at, Quantity concentration, int sequence, String sampleType, String sampleLocation, String meal, Set<Quality> quality) implements Observation {
    public BloodGlucose {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(concentration, "concentration", Ucum.MMOL_PER_L, Ucum.MG_PER_DL);
        Require.between(sequence, 0, 65_535, "sequence");
        Require.optionalText(sampleType, 48, "sampleType");
        Require.optionalText(sampleLocation, 48, "sampleLocation");
        Require.optionalText(meal, 32, "meal");
        quality = Require.flags(quality);
    }
}
