package org.hearthgate.contract.obs;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import org.hearthgate.contract.DeviceId;

/**
 * One thing a device observed at one time. {@link #at()} is the measurement time (the device's own timestamp when it
 * has a trustworthy one, else the hub's receive time); the wire envelope keeps the send time separately.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
public sealed interface Observation permits BloodPressure, HeartRate, OxygenSaturation, BodyTemperature, BodyWeight,
        BloodGlucose, Motion, Contact, Occupancy, PendantPress, PullCord, FallDetected, Hazard, MainsPower,
        BatteryLevel, DeviceStatus, RoomTemperature {

    DeviceId device();

    Instant at();
}
