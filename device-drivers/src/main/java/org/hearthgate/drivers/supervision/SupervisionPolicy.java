package org.hearthgate.drivers.supervision;

import java.time.Duration;
import org.hearthgate.contract.Require;

/**
 * How one device is supervised.
 *
 * @param checkIn           how often the device is expected to report (any observation counts)
 * @param missingAfter      silence longer than this raises SENSOR_MISSING (strictly longer: at exactly this age the
 *                          device is still present)
 * @param batteryLowPercent a battery reading at or below this raises BATTERY_LOW
 * @param batteryLowRepeat  BATTERY_LOW is raised at most once per this period per device
 */
public record SupervisionPolicy(Duration checkIn, Duration missingAfter, double batteryLowPercent,
        Duration batteryLowRepeat) {

    /**
     * Tellu's pendants check in every 9 h and are reported out of range after 73 h, i.e. after 8 missed check-ins
     * plus an hour of grace (reference/anchors.md A.6, B.1). We keep that ratio for any interval.
     */
    static final int MISSED_CHECK_INS = 8;
    static final Duration GRACE = Duration.ofHours(1);
    /** Tellu: pendant and sensor heartbeat, with battery level, every 9 h (anchors.md B.1). */
    public static final Duration DEFAULT_CHECK_IN = Duration.ofHours(9);
    /** Tellu: low-battery alerts once a day until the battery is dead (anchors.md B.1). */
    public static final Duration DEFAULT_BATTERY_LOW_REPEAT = Duration.ofDays(1);
    /**
     * No public figure was found for the percentage; 20 % is a common vendor threshold and leaves weeks of life on a
     * coin cell that checks in every 9 h. Devices that flag their own low battery are reported regardless.
     */
    public static final double DEFAULT_BATTERY_LOW_PERCENT = 20;

    /** 9 h check-in, missing after 73 h, battery low at 20 %, reminded daily. */
    public static final SupervisionPolicy DEFAULT = forCheckIn(DEFAULT_CHECK_IN);

    public SupervisionPolicy {
        Require.present(checkIn, "checkIn");
        Require.present(missingAfter, "missingAfter");
        Require.present(batteryLowRepeat, "batteryLowRepeat");
        if (checkIn.isNegative() || checkIn.isZero()) {
            throw new IllegalArgumentException("checkIn: must be positive");
        }
        if (missingAfter.compareTo(checkIn) < 0) {
            throw new IllegalArgumentException("missingAfter: " + missingAfter + " is shorter than checkIn "
                    + checkIn + "; every device would flap");
        }
        Require.between(batteryLowPercent, 0, 100, "batteryLowPercent");
        if (batteryLowRepeat.isNegative() || batteryLowRepeat.isZero()) {
            throw new IllegalArgumentException("batteryLowRepeat: must be positive");
        }
    }

    /** A device checking in every {@code checkIn}, missing after 8 missed check-ins plus 1 h (the Tellu ratio). */
    public static SupervisionPolicy forCheckIn(Duration checkIn) {
        Require.present(checkIn, "checkIn");
        return new SupervisionPolicy(checkIn, checkIn.multipliedBy(MISSED_CHECK_INS).plus(GRACE),
                DEFAULT_BATTERY_LOW_PERCENT, DEFAULT_BATTERY_LOW_REPEAT);
    }

    public SupervisionPolicy withMissingAfter(Duration missingAfter) {
        return new SupervisionPolicy(checkIn, missingAfter, batteryLowPercent, batteryLowRepeat);
    }

    public SupervisionPolicy withBatteryLowPercent(double percent) {
        return new SupervisionPolicy(checkIn, missingAfter, percent, batteryLowRepeat);
    }
}
