package org.hearthgate.contract.obs;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/** A fall: from a wearable accelerometer (impact time and confidence) or a fall mat (confidence 1). */
public record FallDetected(DeviceId device, Instant at, double confidence, FallSource source) implements Observation {
    public FallDetected {
        Require.present(device, "device");
        Require.present(at, "at");
        Require.between(confidence, 0, 1, "confidence");
        Require.present(source, "source");
    }
}
