package org.hearthgate.drivers.ble.bluez;

import com.github.hypfvieh.bluetooth.DeviceManager;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothDevice;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothGattCharacteristic;
import com.github.hypfvieh.bluetooth.wrapper.BluetoothGattService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.handlers.AbstractPropertiesChangedHandler;
import org.freedesktop.dbus.interfaces.Properties.PropertiesChanged;
import org.freedesktop.dbus.types.Variant;
import org.hearthgate.drivers.ble.GattConnection;
import org.hearthgate.drivers.ble.GattException;
import org.hearthgate.drivers.ble.GattUuids;

/**
 * One BlueZ link. Notifications and indications both arrive as {@code PropertiesChanged} of a characteristic's
 * {@code Value} (BlueZ confirms indications itself); a link loss arrives as the device's {@code Connected} turning
 * false. The handler is registered before {@code Connect} so that nothing sent right after connecting is missed.
 */
final class BluezConnection implements GattConnection {
    static final Duration SERVICE_DISCOVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final String DEVICE_IFACE = "org.bluez.Device1";
    private static final String CHARACTERISTIC_IFACE = "org.bluez.GattCharacteristic1";

    private final DeviceManager manager;
    private final BluetoothDevice device;
    private final Listener listener;
    private final Map<Integer, BluetoothGattCharacteristic> byUuid = new ConcurrentHashMap<>();
    private final Map<String, Integer> uuidByPath = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> servicesResolved = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean lossReported = new AtomicBoolean();
    private final Handler handler = new Handler();

    private BluezConnection(DeviceManager manager, BluetoothDevice device, Listener listener) {
        this.manager = manager;
        this.device = device;
        this.listener = listener;
    }

    static BluezConnection open(DeviceManager manager, BluetoothDevice device, Listener listener)
            throws GattException {
        BluezConnection c = new BluezConnection(manager, device, listener);
        try {
            manager.registerPropertyHandler(c.handler);
        } catch (DBusException | RuntimeException e) {
            throw new GattException("cannot listen to BlueZ signals: " + Redact.addresses(e.getMessage()), e);
        }
        boolean connected;
        try {
            connected = device.connect();
        } catch (RuntimeException e) {
            connected = false;
        }
        if (!connected) {
            c.unregister();
            throw new GattException("connect failed (device out of range or busy)");
        }
        return c;
    }

    @Override
    public void bond() throws GattException {
        try {
            if (Boolean.TRUE.equals(device.isPaired())) {
                return;
            }
            if (!device.pair()) {
                throw new GattException("pairing refused or timed out (is an agent running? see docs/devices.md)");
            }
            device.setTrusted(true);
        } catch (RuntimeException e) {
            throw new GattException("pairing failed: " + Redact.addresses(e.getMessage()), e);
        }
    }

    @Override
    public Set<Integer> discover() throws GattException {
        try {
            if (!Boolean.TRUE.equals(device.isServicesResolved())) {
                servicesResolved.get(SERVICE_DISCOVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            device.refreshGattServices();
            List<BluetoothGattService> services = device.getGattServices();
            for (BluetoothGattService s : services) {
                for (BluetoothGattCharacteristic ch : s.getGattCharacteristics()) {
                    int uuid = GattUuids.fromLong(ch.getUuid());
                    if (uuid >= 0) {
                        byUuid.putIfAbsent(uuid, ch);
                        uuidByPath.put(ch.getDbusPath(), uuid);
                    }
                }
            }
            return Set.copyOf(byUuid.keySet());
        } catch (TimeoutException e) {
            throw new GattException("services not resolved within " + SERVICE_DISCOVERY_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException | RuntimeException e) {
            throw new GattException("service discovery failed: " + Redact.addresses(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GattException("interrupted during service discovery");
        }
    }

    private BluetoothGattCharacteristic characteristic(int uuid) throws GattException {
        BluetoothGattCharacteristic ch = byUuid.get(uuid);
        if (ch == null) {
            throw new GattException(GattUuids.name(uuid) + " not discovered on this device");
        }
        return ch;
    }

    @Override
    public byte[] read(int uuid) throws GattException {
        try {
            return characteristic(uuid).readValue(Map.of());
        } catch (DBusException | RuntimeException e) {
            throw new GattException("read " + GattUuids.name(uuid) + " failed: "
                    + Redact.addresses(e.getMessage()), e);
        }
    }

    @Override
    public void write(int uuid, byte[] value) throws GattException {
        try {
            characteristic(uuid).writeValue(value, Map.of("type", "request"));
        } catch (DBusException | RuntimeException e) {
            throw new GattException("write " + GattUuids.name(uuid) + " failed: "
                    + Redact.addresses(e.getMessage()), e);
        }
    }

    @Override
    public void subscribe(int uuid) throws GattException {
        try {
            characteristic(uuid).startNotify();
        } catch (DBusException | RuntimeException e) {
            throw new GattException("subscribe " + GattUuids.name(uuid) + " failed: "
                    + Redact.addresses(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            unregister();
            try {
                device.disconnect();
            } catch (RuntimeException e) {
                // Already gone: nothing to disconnect.
            }
        }
    }

    private void unregister() {
        try {
            manager.unRegisterPropertyHandler(handler);
        } catch (DBusException | RuntimeException e) {
            // The bus is gone, and the handler with it.
        }
    }

    private void onSignal(PropertiesChanged signal) {
        String path = signal.getPath();
        String devicePath = device.getDbusPath();
        if (closed.get() || path == null || !path.startsWith(devicePath)) {
            return;
        }
        Map<String, Variant<?>> changed = signal.getPropertiesChanged();
        if (DEVICE_IFACE.equals(signal.getInterfaceName()) && path.equals(devicePath)) {
            Variant<?> resolved = changed.get("ServicesResolved");
            if (resolved != null && Boolean.TRUE.equals(resolved.getValue())) {
                servicesResolved.complete(null);
            }
            Variant<?> connected = changed.get("Connected");
            if (connected != null && Boolean.FALSE.equals(connected.getValue())
                    && lossReported.compareAndSet(false, true)) {
                listener.disconnected("link lost");
            }
        } else if (CHARACTERISTIC_IFACE.equals(signal.getInterfaceName())) {
            Integer uuid = uuidByPath.get(path);
            Variant<?> value = changed.get("Value");
            if (uuid != null && value != null) {
                listener.value(uuid, bytes(value.getValue()));
            }
        }
    }

    /**
     * dbus-java gives {@code ay} as byte[] or, inside variants, sometimes as a list of Byte. Anything else is null,
     * which the parser rejects as "no value" (counted), rather than bytes invented here.
     */
    static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof List<?> list) {
            byte[] b = new byte[list.size()];
            for (int i = 0; i < b.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    return null;
                }
                b[i] = n.byteValue();
            }
            return b;
        }
        return null;
    }

    private final class Handler extends AbstractPropertiesChangedHandler {
        @Override
        public void handle(PropertiesChanged signal) {
            onSignal(signal);
        }
    }
}
