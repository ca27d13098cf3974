package org.hearthgate.drivers.ble;

import java.time.Duration;
import java.util.List;

/**
 * The Bluetooth Low Energy central role, as much of it as the health drivers need. Methods block (with their own
 * timeouts) and are called from a driver's own thread, never from a hub event loop. Implementations:
 * {@code BluezGattTransport} (Linux, BlueZ over D-Bus) and, in tests, an in-memory transport that plays a device.
 */
public interface GattTransport extends AutoCloseable {

    /** Scans for {@code duration} and returns the devices seen, at most one entry per address. */
    List<Advertisement> scan(Duration duration) throws GattException;

    /**
     * Connects to the device with this address. The listener receives notifications and indications from the
     * characteristics later subscribed, and exactly one {@link GattConnection.Listener#disconnected} when the link
     * ends for any reason other than {@link GattConnection#close()}. Listener calls come from transport threads.
     */
    GattConnection connect(String address, GattConnection.Listener listener) throws GattException;

    /** Releases the adapter; never throws. */
    @Override
    void close();
}
