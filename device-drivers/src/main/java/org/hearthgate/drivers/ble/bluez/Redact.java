package org.hearthgate.drivers.ble.bluez;

import java.util.regex.Pattern;

/**
 * BlueZ error texts often quote the device's object path ({@code /org/bluez/hci0/dev_AA_BB_...}); they end up in
 * logs and in {@code DeviceStatus} details sent to the cloud, which must not carry device addresses.
 */
final class Redact {
    private static final Pattern ADDRESS = Pattern.compile(
            "(?i)(?<![0-9A-F])[0-9A-F]{2}([:_])[0-9A-F]{2}(\\1[0-9A-F]{2}){4}(?![0-9A-F])");

    private Redact() {
    }

    static String addresses(String text) {
        return text == null ? "no detail" : ADDRESS.matcher(text).replaceAll("<address>");
    }
}
