package org.hearthgate.drivers.ble;

import org.hearthgate.contract.obs.Quality;

/** The status fields shared by PLX Spot-Check (0x2A5E) and PLX Continuous (0x2A5F) measurements (PLXS 1.0.1). */
final class PlxStatus {
    /** Measurement Status (u16): bits 0-4 reserved, then b5 ongoing ... b15 invalid. */
    static final Quality[] MEASUREMENT = {null, null, null, null, null, Quality.MEASUREMENT_ONGOING,
        Quality.EARLY_ESTIMATE, Quality.VALIDATED, Quality.FULLY_QUALIFIED, Quality.FROM_STORAGE,
        Quality.DEMO_DATA, Quality.TESTING_DATA, Quality.CALIBRATION_ONGOING, Quality.MEASUREMENT_UNAVAILABLE,
        Quality.QUESTIONABLE, Quality.INVALID};

    /** Device and Sensor Status (u24): b0..b15 defined, b16..b23 reserved. */
    static final Quality[] DEVICE_AND_SENSOR = {Quality.EXTENDED_DISPLAY_UPDATE_ONGOING,
        Quality.EQUIPMENT_MALFUNCTION, Quality.SIGNAL_PROCESSING_IRREGULARITY, Quality.INADEQUATE_SIGNAL,
        Quality.POOR_SIGNAL, Quality.LOW_PERFUSION, Quality.ERRATIC_SIGNAL, Quality.NON_PULSATILE_SIGNAL,
        Quality.QUESTIONABLE_PULSE, Quality.SIGNAL_ANALYSIS_ONGOING, Quality.SENSOR_INTERFERENCE,
        Quality.SENSOR_UNCONNECTED_TO_USER, Quality.UNKNOWN_SENSOR, Quality.SENSOR_DISPLACED,
        Quality.SENSOR_MALFUNCTIONING, Quality.SENSOR_DISCONNECTED};

    /** Bits 11, 13 and 15: the probe is not on a finger, so a missing SpO2 is "not worn", not a fault. */
    static final int NOT_ON_FINGER = 1 << 11 | 1 << 13 | 1 << 15;

    private PlxStatus() {
    }
}
