package org.hearthgate.drivers.supervision;

import java.time.Instant;
import org.hearthgate.contract.DeviceId;

/**
 * What supervision knows about one device now.
 *
 * @param lastSeen       the last observation from the device, or when supervision began if none yet
 * @param batteryPercent the last battery reading, or null
 * @param missing        true between SENSOR_MISSING and SENSOR_RESTORED
 */
public record DeviceHealth(DeviceId device, Instant lastSeen, Double batteryPercent, boolean missing) {
}
