package org.hearthgate.contract.obs;

/**
 * Quality flags that a device reports about one measurement (Bluetooth status bits and the like). Clinicians and
 * rules use them to discount a reading: an automated cuff is unreliable with an irregular pulse (NICE NG136 1.1.2).
 */
public enum Quality {
    // Blood Pressure Measurement status (0x2A35)
    BODY_MOVEMENT,
    CUFF_LOOSE,
    IRREGULAR_PULSE,
    PULSE_ABOVE_RANGE,
    PULSE_BELOW_RANGE,
    IMPROPER_POSITION,
    // PLX measurement status (0x2A5E / 0x2A5F)
    MEASUREMENT_ONGOING,
    EARLY_ESTIMATE,
    VALIDATED,
    FULLY_QUALIFIED,
    FROM_STORAGE,
    DEMO_DATA,
    TESTING_DATA,
    CALIBRATION_ONGOING,
    MEASUREMENT_UNAVAILABLE,
    QUESTIONABLE,
    INVALID,
    // PLX device and sensor status
    EXTENDED_DISPLAY_UPDATE_ONGOING,
    EQUIPMENT_MALFUNCTION,
    SIGNAL_PROCESSING_IRREGULARITY,
    INADEQUATE_SIGNAL,
    POOR_SIGNAL,
    LOW_PERFUSION,
    ERRATIC_SIGNAL,
    NON_PULSATILE_SIGNAL,
    QUESTIONABLE_PULSE,
    SIGNAL_ANALYSIS_ONGOING,
    SENSOR_INTERFERENCE,
    SENSOR_UNCONNECTED_TO_USER,
    UNKNOWN_SENSOR,
    SENSOR_DISPLACED,
    SENSOR_MALFUNCTIONING,
    SENSOR_DISCONNECTED,
    // Heart rate
    NO_SKIN_CONTACT,
    // Glucose sensor status annunciation (0x2A18)
    DEVICE_BATTERY_LOW,
    SENSOR_MALFUNCTION,
    SAMPLE_SIZE_INSUFFICIENT,
    STRIP_INSERTION_ERROR,
    STRIP_TYPE_INCORRECT,
    RESULT_ABOVE_RANGE,
    RESULT_BELOW_RANGE,
    TEMPERATURE_TOO_HIGH,
    TEMPERATURE_TOO_LOW,
    READ_INTERRUPTED,
    GENERAL_DEVICE_FAULT,
    TIME_FAULT,
    // Any device
    DEVICE_CLOCK_NOT_SET,
    /**
     * The device sent an optional value of this measurement as an IEEE 11073 special value (NaN, NRes, +-INF,
     * reserved) or outside its plausible range; the hub left that value out rather than invent a number.
     */
    OPTIONAL_VALUE_UNAVAILABLE
}
