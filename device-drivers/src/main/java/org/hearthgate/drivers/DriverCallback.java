package org.hearthgate.drivers;

import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.Event;

/**
 * How a driver reaches the hub. Called from driver threads; implementations must be thread-safe and must not block
 * for long (the hub hands observations to its own queue).
 */
@FunctionalInterface
public interface DriverCallback {

    /** A device observed something, including {@code DeviceStatus} and {@code BatteryLevel} about itself. */
    void observed(Observation observation);

    /**
     * Something the driver itself decided that is not a measurement: a fall pre-alarm started or was cancelled by
     * the resident. The hub sends it up as an event and tells the resident.
     */
    default void event(Event event) {
    }

    /** The resident pressed the hub's cancel button: pending pre-alarms (inactivity, a wearable's fall) end. */
    default void cancelPressed() {
    }
}
