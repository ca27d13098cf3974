package org.hearthgate.contract.alarm;

/**
 * The event vocabulary, aligned with the social-alarm codes of SCAIP (SS 91100) / CLC/TS 50134-9 so that a bridge to
 * an alarm receiving centre is a mapping, not a rewrite. {@code scaipStatus} is the SCAIP {@code stc} status code and
 * {@code scaipDeviceType} the {@code dty} device type (reference/anchors.md A.2; codes from open SCAIP
 * implementations, to be confirmed against a real receiver). Codes without a SCAIP status use the generic
 * automatic (0009) or manual (0010) alarm status.
 */
public enum EventCode {
    // Immediate alarms raised by a person or a safety sensor
    PERSONAL_TRIGGER("0010", "0003", Priority.CRITICAL, true),
    PULL_CORD("0010", "0003", Priority.CRITICAL, true),
    FALL_DETECTED("0009", "0005", Priority.CRITICAL, true),
    FALL_MAT("0009", "0030", Priority.CRITICAL, true),
    SMOKE("0009", "0023", Priority.CRITICAL, true),
    CARBON_MONOXIDE("0009", "0023", Priority.CRITICAL, true),
    FLOOD("0009", "0000", Priority.HIGH, true),
    // Care-plan rules
    INACTIVITY("0009", "0010", Priority.HIGH, true),
    WANDERING("0009", "0015", Priority.HIGH, true),
    OUT_OF_BED("0009", "0012", Priority.HIGH, true),
    NO_KITCHEN_ACTIVITY("0009", "0010", Priority.MEDIUM, true),
    VITAL_SIGN("0009", "0019", Priority.HIGH, true),
    EARLY_WARNING_SCORE("0009", "0019", Priority.HIGH, true),
    MISSED_MEASUREMENT("0009", "0019", Priority.LOW, true),
    COLD_HOME("0009", "0000", Priority.MEDIUM, true),
    // Supervision and technical events
    BATTERY_LOW("0016", "0000", Priority.LOW, false),
    POWER_FAIL("0085", "0041", Priority.MEDIUM, false),
    POWER_RESTORE("0086", "0041", Priority.INFO, false),
    LINK_FAIL("0023", "0000", Priority.MEDIUM, false),
    LINK_RESTORE("0112", "0000", Priority.INFO, false),
    /** An alarm went by the redundant path (SMS) because the primary path did not confirm it: SCAIP primary link fail. */
    REDUNDANT_PATH_USED("0026", "0000", Priority.MEDIUM, false),
    /** The redundant path (the SMS modem) failed a send or its check: SCAIP redundant link fail. */
    REDUNDANT_PATH_FAIL("0027", "0000", Priority.MEDIUM, false),
    /** The redundant path works again after a failure: SCAIP redundant link restored. */
    REDUNDANT_PATH_RESTORE("0116", "0000", Priority.INFO, false),
    SENSOR_MISSING("0123", "0000", Priority.MEDIUM, false),
    SENSOR_RESTORED("0124", "0000", Priority.INFO, false),
    HUB_OFFLINE("0023", "0000", Priority.HIGH, false),
    HUB_ONLINE("0112", "0000", Priority.INFO, false),
    TEST_TRANSMISSION("0102", "0000", Priority.INFO, false),
    /**
     * The cloud's own: a hub's periodic test transmission did not arrive in time (a receiving centre treats a missed
     * periodic test as a path fault: SCAIP link fail). Someone should check the hub's paths.
     */
    PERIODIC_TEST_MISSING("0023", "0000", Priority.MEDIUM, false),
    PRE_ALARM("0009", "0000", Priority.MEDIUM, false),
    PRE_ALARM_CANCELLED("0092", "0000", Priority.INFO, false),
    REMINDER("0009", "0000", Priority.LOW, false),
    DEVICE_FAULT("0009", "0000", Priority.LOW, false),
    /**
     * The hub's answer to an instruction from the cloud (a command, a setting): applied or refused, with the reason
     * in the event's detail. No SCAIP status of its own, so the generic one.
     */
    REMOTE_INSTRUCTION("0009", "0000", Priority.INFO, false);

    private final String scaipStatus;
    private final String scaipDeviceType;
    private final Priority defaultPriority;
    private final boolean alarm;

    EventCode(String scaipStatus, String scaipDeviceType, Priority defaultPriority, boolean alarm) {
        this.scaipStatus = scaipStatus;
        this.scaipDeviceType = scaipDeviceType;
        this.defaultPriority = defaultPriority;
        this.alarm = alarm;
    }

    public String scaipStatus() {
        return scaipStatus;
    }

    public String scaipDeviceType() {
        return scaipDeviceType;
    }

    public Priority defaultPriority() {
        return defaultPriority;
    }

    /** True when this code needs a person to act and so follows the alarm lifecycle; false for plain events. */
    public boolean isAlarm() {
        return alarm;
    }
}
