package org.hearthgate.contract.obs;

import java.time.Instant;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** Body weight from a scale (0x2A9D), with height and BMI when the scale gives them. */
public record BodyWeight(DeviceId device, Instant at, Quantity weight, Quantity height, Quantity bmi, Integer user, Set<Quality> quality) implements Observation {
    public BodyWeight {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.quantity(weight, "weight", Ucum.KG, Ucum.LB);
        Require.optionalQuantity(height, "height", Ucum.M, Ucum.IN);
        Require.optionalQuantity(bmi, "bmi", Ucum.KG_PER_M2);
        quality = Require.flags(quality);
    }
}
