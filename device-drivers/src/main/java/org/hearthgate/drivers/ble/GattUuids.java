package org.hearthgate.drivers.ble;

import java.util.Locale;

/** The 16-bit Bluetooth SIG UUIDs the health drivers use, and their conversion to and from 128-bit form. */
public final class GattUuids {
    public static final int HEALTH_THERMOMETER_SERVICE = 0x1809;
    public static final int BLOOD_PRESSURE_SERVICE = 0x1810;
    public static final int HEART_RATE_SERVICE = 0x180D;
    public static final int BATTERY_SERVICE = 0x180F;
    public static final int CURRENT_TIME_SERVICE = 0x1805;
    public static final int GLUCOSE_SERVICE = 0x1808;
    public static final int WEIGHT_SCALE_SERVICE = 0x181D;
    public static final int PULSE_OXIMETER_SERVICE = 0x1822;

    public static final int GLUCOSE_MEASUREMENT = 0x2A18;
    public static final int BATTERY_LEVEL = 0x2A19;
    public static final int TEMPERATURE_MEASUREMENT = 0x2A1C;
    public static final int CURRENT_TIME = 0x2A2B;
    public static final int GLUCOSE_MEASUREMENT_CONTEXT = 0x2A34;
    public static final int BLOOD_PRESSURE_MEASUREMENT = 0x2A35;
    public static final int INTERMEDIATE_CUFF_PRESSURE = 0x2A36;
    public static final int HEART_RATE_MEASUREMENT = 0x2A37;
    public static final int RECORD_ACCESS_CONTROL_POINT = 0x2A52;
    public static final int PLX_SPOT_CHECK_MEASUREMENT = 0x2A5E;
    public static final int PLX_CONTINUOUS_MEASUREMENT = 0x2A5F;
    public static final int WEIGHT_MEASUREMENT = 0x2A9D;
    public static final int WEIGHT_SCALE_FEATURE = 0x2A9E;

    private static final String BASE_SUFFIX = "-0000-1000-8000-00805f9b34fb";

    private GattUuids() {
    }

    /** {@code 0x2A35}, the way the specifications and our messages write a 16-bit UUID. */
    public static String name(int uuid16) {
        return String.format(Locale.ROOT, "0x%04X", uuid16);
    }

    /** The 128-bit form BlueZ uses: {@code 00002a35-0000-1000-8000-00805f9b34fb}. */
    public static String toLong(int uuid16) {
        return String.format(Locale.ROOT, "0000%04x", uuid16) + BASE_SUFFIX;
    }

    /** The 16-bit UUID of a 128-bit SIG UUID, or -1 when it is not on the Bluetooth base UUID. */
    public static int fromLong(String uuid) {
        if (uuid == null || uuid.length() != 36 || !uuid.toLowerCase(Locale.ROOT).endsWith(BASE_SUFFIX)
                || !uuid.startsWith("0000")) {
            return -1;
        }
        try {
            return Integer.parseInt(uuid.substring(4, 8), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Parses {@code 2A35}, {@code 0x2a35} or {@code 2a35}.
     *
     * @throws IllegalArgumentException if the text is not a 16-bit UUID in hex
     */
    public static int parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not a 16-bit UUID such as 2A35");
        }
        return Integer.parseInt(t, 16);
    }
}
