package org.hearthgate.drivers;

import org.hearthgate.contract.obs.Observation;

/**
 * How a driver reaches the hub. Called from driver threads; implementations must be thread-safe and must not block
 * for long (the hub hands observations to its own queue).
 */
@FunctionalInterface
public interface DriverCallback {

    /** A device observed something, including {@code DeviceStatus} and {@code BatteryLevel} about itself. */
    void observed(Observation observation);
}
