package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.Ucum;

/** Air temperature in a room: a cold home is a risk to an older resident. */
public record RoomTemperature(DeviceId device, Instant at, Quantity temperature, String room) implements Observation {
    public RoomTemperature {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.present(temperature, "temperature");
        if (temperature.unit() != Ucum.CEL && temperature.unit() != Ucum.DEG_F) {
            throw new IllegalArgumentException("temperature: unit must be Cel or [degF]");
        }
        Require.between(temperature.celsius(), -40, 70, "temperature");
        Require.optionalText(room, 48, "room");
    }
}
