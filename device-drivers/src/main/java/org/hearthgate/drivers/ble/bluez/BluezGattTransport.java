package org.hearthgate.drivers.ble.bluez;

import com.github.hypfvieh.bluetooth.DeviceManager;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothAdapter;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.freedesktop.dbus.exceptions.DBusException;
import org.hearthgate.drivers.ble.Advertisement;
import org.hearthgate.drivers.ble.GattConnection;
import org.hearthgate.drivers.ble.GattException;
import org.hearthgate.drivers.ble.GattTransport;
import org.hearthgate.drivers.ble.GattUuids;

/**
 * {@link GattTransport} over BlueZ (bluetoothd 5.50+) on the system D-Bus. One instance per hub, shared by all BLE
 * drivers: bluez-dbus keeps a single {@link DeviceManager} per process. The hub user needs D-Bus access to
 * {@code org.bluez} (member of the {@code bluetooth} group on Raspberry Pi OS).
 */
public final class BluezGattTransport implements GattTransport {
    /** How long a device not yet known to BlueZ is scanned for before a connect gives up. */
    static final Duration CONNECT_SCAN = Duration.ofSeconds(8);

    private final DeviceManager manager;
    private final BluetoothAdapter adapter;

    private BluezGattTransport(DeviceManager manager, BluetoothAdapter adapter) {
        this.manager = manager;
        this.adapter = adapter;
    }

    /**
     * Opens the system bus and the default adapter ({@code hci0} unless BlueZ says otherwise), powering it on.
     *
     * @throws GattException if there is no D-Bus, no BlueZ or no adapter
     */
    public static BluezGattTransport open() throws GattException {
        try {
            DeviceManager manager = DeviceManager.createInstance(false);
            BluetoothAdapter adapter = manager.getAdapter();
            if (adapter == null) {
                manager.closeConnection();
                throw new GattException("no Bluetooth adapter found by BlueZ");
            }
            if (!adapter.isPowered()) {
                adapter.setPowered(true);
            }
            return new BluezGattTransport(manager, adapter);
        } catch (DBusException | RuntimeException e) {
            throw new GattException("cannot reach BlueZ on the system D-Bus: "
                    + Redact.addresses(e.getMessage()), e);
        }
    }

    @Override
    public List<Advertisement> scan(Duration duration) throws GattException {
        try {
            List<BluetoothDevice> devices = manager.scanForBluetoothDevices(adapter.getAddress(),
                    (int) Math.min(Integer.MAX_VALUE, duration.toMillis()));
            Map<String, Advertisement> byAddress = new LinkedHashMap<>();
            for (BluetoothDevice d : devices) {
                byAddress.put(d.getAddress(), new Advertisement(d.getAddress(), d.getName(), services(d),
                        d.getRssi() == null ? null : d.getRssi().intValue()));
            }
            return new ArrayList<>(byAddress.values());
        } catch (RuntimeException e) {
            throw new GattException("scan failed: " + Redact.addresses(e.getMessage()), e);
        }
    }

    private static Set<Integer> services(BluetoothDevice d) {
        Set<Integer> out = new HashSet<>();
        String[] uuids = d.getUuids();
        if (uuids != null) {
            for (String u : uuids) {
                int short16 = GattUuids.fromLong(u);
                if (short16 >= 0) {
                    out.add(short16);
                }
            }
        }
        return out;
    }

    @Override
    public GattConnection connect(String address, GattConnection.Listener listener) throws GattException {
        BluetoothDevice device = find(address)
                .orElseThrow(() -> new GattException("device not known to BlueZ and not advertising"));
        return BluezConnection.open(manager, device, listener);
    }

    /** Bonded devices are known to BlueZ without a scan; a new one must be advertising. */
    private Optional<BluetoothDevice> find(String address) throws GattException {
        try {
            Optional<BluetoothDevice> known = match(manager.getDevices(adapter.getAddress(), true), address);
            if (known.isPresent()) {
                return known;
            }
            return match(manager.scanForBluetoothDevices(adapter.getAddress(), (int) CONNECT_SCAN.toMillis()),
                    address);
        } catch (RuntimeException e) {
            throw new GattException("device lookup failed: " + Redact.addresses(e.getMessage()), e);
        }
    }

    private static Optional<BluetoothDevice> match(List<BluetoothDevice> devices, String address) {
        return devices.stream().filter(d -> address.equalsIgnoreCase(d.getAddress())).findFirst();
    }

    @Override
    public void close() {
        try {
            manager.closeConnection();
        } catch (RuntimeException e) {
            // Closing a dead bus connection has nothing left to release.
        }
    }
}
