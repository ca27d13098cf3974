package org.hearthgate.drivers.ble;

import java.util.Locale;
import java.util.regex.Pattern;
import org.hearthgate.contract.DeviceId;

/**
 * One Bluetooth health device at the hub.
 *
 * @param device        the id its observations carry
 * @param address       its Bluetooth address, {@code AA:BB:CC:DD:EE:FF}; kept out of logs
 * @param bond          pair and bond on first connect (health profiles require it for indications and CTS)
 * @param backoff       reconnect delays after a failed attempt or a lost link
 * @param dedupCapacity how many stored-record keys to remember for replay de-duplication
 */
public record BleDeviceConfig(DeviceId device, String address, boolean bond, Backoff backoff, int dedupCapacity) {
    private static final Pattern ADDRESS = Pattern.compile("([0-9A-F]{2}:){5}[0-9A-F]{2}");

    public BleDeviceConfig {
        if (device == null) {
            throw new IllegalArgumentException("device: is required");
        }
        address = address == null ? "" : address.toUpperCase(Locale.ROOT);
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("address: not a Bluetooth address like AA:BB:CC:DD:EE:FF");
        }
        if (backoff == null) {
            throw new IllegalArgumentException("backoff: is required");
        }
        if (dedupCapacity < 1 || dedupCapacity > 100_000) {
            throw new IllegalArgumentException("dedupCapacity: must be 1..100000");
        }
    }

    public static BleDeviceConfig of(DeviceId device, String address) {
        return new BleDeviceConfig(device, address, true, Backoff.DEFAULT, RecordDeduplicator.DEFAULT_CAPACITY);
    }
}
