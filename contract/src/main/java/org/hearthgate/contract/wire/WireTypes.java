package org.hearthgate.contract.wire;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.PullCord;
import org.hearthgate.contract.obs.RoomTemperature;

/**
 * The wire names of every sealed subtype. These names are the contract: renaming a Java class must not change the
 * wire, so they are listed here by hand, and a test fails when a sealed subtype has no name.
 */
public final class WireTypes {
    /** Observation kinds, the {@code kind} discriminator. */
    public static final Map<Class<?>, String> OBSERVATIONS = ordered(
            BloodPressure.class, "bloodPressure",
            HeartRate.class, "heartRate",
            OxygenSaturation.class, "spo2",
            BodyTemperature.class, "bodyTemperature",
            BodyWeight.class, "bodyWeight",
            BloodGlucose.class, "bloodGlucose",
            Motion.class, "motion",
            Contact.class, "contact",
            Occupancy.class, "occupancy",
            PendantPress.class, "pendantPress",
            PullCord.class, "pullCord",
            FallDetected.class, "fallDetected",
            Hazard.class, "hazard",
            MainsPower.class, "mainsPower",
            BatteryLevel.class, "batteryLevel",
            DeviceStatus.class, "deviceStatus",
            RoomTemperature.class, "roomTemperature");

    /** Payload types, the {@code type} discriminator of a message body. */
    public static final Map<Class<?>, String> PAYLOADS = ordered(
            Reading.class, "reading",
            AlarmRaised.class, "alarm",
            AlarmUpdate.class, "alarmUpdate",
            Event.class, "event",
            Heartbeat.class, "heartbeat",
            HubStatus.class, "status",
            Receipt.class, "receipt",
            Ack.class, "ack",
            ConfigUpdate.class, "config",
            Command.class, "command");

    private WireTypes() {
    }

    private static Map<Class<?>, String> ordered(Object... pairs) {
        Map<Class<?>, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((Class<?>) pairs[i], (String) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
