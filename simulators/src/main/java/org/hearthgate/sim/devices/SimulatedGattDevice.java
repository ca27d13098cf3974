package org.hearthgate.sim.devices;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hearthgate.drivers.ble.Advertisement;
import org.hearthgate.drivers.ble.GattConnection;
import org.hearthgate.drivers.ble.GattException;
import org.hearthgate.drivers.ble.GattTransport;
import org.hearthgate.drivers.ble.GattUuids;

/**
 * One Bluetooth health device in the air, as the hub's {@link org.hearthgate.drivers.ble.BleDeviceDriver} sees it
 * through {@link GattTransport}: a cuff, scale, oximeter, thermometer or glucose meter with a memory.
 *
 * <p>A measurement taken while the hub is not connected (out of range, or the hub not running) is kept, and sent on
 * the next connection as soon as the hub subscribes: every stored record in the order taken, then the memory is
 * cleared, as cuffs and scales do. A glucose meter keeps its records and sends them when the hub asks through the
 * Record Access Control Point. Thread-safe.
 */
public final class SimulatedGattDevice implements GattTransport {
    private final String address;
    private final int measurement;
    private final Set<Integer> characteristics;
    private final List<byte[]> stored = new ArrayList<>();
    private final Set<Integer> subscribed = new HashSet<>();
    private boolean inRange = true;
    private int battery = 100;
    private GattConnection.Listener listener;
    private long connections;
    private long sent;

    /**
     * @param address     the device's Bluetooth address, as in the hub's configuration
     * @param measurement its measurement characteristic: 0x2A35, 0x2A9D, 0x2A5E, 0x2A1C or 0x2A18
     */
    public SimulatedGattDevice(String address, int measurement) {
        this.address = address;
        this.measurement = measurement;
        Set<Integer> c = new LinkedHashSet<>(List.of(measurement, GattUuids.BATTERY_LEVEL, GattUuids.CURRENT_TIME));
        if (measurement == GattUuids.GLUCOSE_MEASUREMENT) {
            c.add(GattUuids.RECORD_ACCESS_CONTROL_POINT);
        }
        this.characteristics = Set.copyOf(c);
    }

    /** The resident takes a measurement: sent now if the hub is listening, else kept for the next connection. */
    public synchronized void measure(byte[] frame) {
        if (listener != null && subscribed.contains(measurement) && measurement != GattUuids.GLUCOSE_MEASUREMENT) {
            send(measurement, frame);
        } else {
            stored.add(frame.clone());
        }
    }

    /** Moves the device out of the hub's range (dropping a live link) or back into it. */
    public synchronized void inRange(boolean in) {
        inRange = in;
        if (!in && listener != null) {
            GattConnection.Listener l = listener;
            listener = null;
            subscribed.clear();
            l.disconnected("out of range");
        }
    }

    public synchronized void battery(int percent) {
        battery = percent;
        if (listener != null && subscribed.contains(GattUuids.BATTERY_LEVEL)) {
            send(GattUuids.BATTERY_LEVEL, GattFrames.batteryLevel(percent));
        }
    }

    /** True while the hub holds a link to the device. */
    public synchronized boolean isConnected() {
        return listener != null;
    }

    public synchronized int storedRecords() {
        return stored.size();
    }

    public synchronized long connections() {
        return connections;
    }

    /** Measurement values sent to the hub so far (stored and live). */
    public synchronized long sent() {
        return sent;
    }

    private void send(int uuid, byte[] value) {
        if (uuid == measurement) {
            sent++;
        }
        listener.value(uuid, value.clone());
    }

    @Override
    public List<Advertisement> scan(Duration duration) {
        return List.of();
    }

    @Override
    public synchronized GattConnection connect(String wanted, GattConnection.Listener l) throws GattException {
        if (!inRange || !address.equalsIgnoreCase(wanted)) {
            throw new GattException("device not found (out of range)");
        }
        listener = l;
        subscribed.clear();
        connections++;
        return new Link(l);
    }

    @Override
    public void close() {
    }

    private final class Link implements GattConnection {
        private final GattConnection.Listener mine;

        Link(GattConnection.Listener mine) {
            this.mine = mine;
        }

        private void live() throws GattException {
            if (listener != mine) {
                throw new GattException("not connected");
            }
        }

        @Override
        public void bond() throws GattException {
            synchronized (SimulatedGattDevice.this) {
                live();
            }
        }

        @Override
        public Set<Integer> discover() throws GattException {
            synchronized (SimulatedGattDevice.this) {
                live();
                return characteristics;
            }
        }

        @Override
        public byte[] read(int characteristic) throws GattException {
            synchronized (SimulatedGattDevice.this) {
                live();
                if (characteristic == GattUuids.BATTERY_LEVEL) {
                    return GattFrames.batteryLevel(battery);
                }
                throw new GattException("characteristic " + GattUuids.name(characteristic) + " is not readable");
            }
        }

        @Override
        public void write(int characteristic, byte[] value) throws GattException {
            synchronized (SimulatedGattDevice.this) {
                live();
                if (characteristic == GattUuids.RECORD_ACCESS_CONTROL_POINT && value.length > 0 && value[0] == 0x01) {
                    // Report stored records: the meter sends each, then the response code on the control point.
                    int from = value.length >= 5 ? (value[3] & 0xFF) | (value[4] & 0xFF) << 8 : 0;
                    List<byte[]> wanted = stored.stream().filter(f -> sequence(f) >= from).toList();
                    wanted.forEach(f -> send(measurement, f));
                    send(GattUuids.RECORD_ACCESS_CONTROL_POINT, GattFrames.racpResponse(0x01, wanted.isEmpty() ? 6 : 1));
                } else if (characteristic != GattUuids.CURRENT_TIME) {
                    throw new GattException("write to " + GattUuids.name(characteristic) + " not permitted");
                }
            }
        }

        @Override
        public void subscribe(int characteristic) throws GattException {
            synchronized (SimulatedGattDevice.this) {
                live();
                subscribed.add(characteristic);
                if (characteristic == measurement && measurement != GattUuids.GLUCOSE_MEASUREMENT) {
                    // The stored-record burst: everything taken while out of range, oldest first.
                    stored.forEach(f -> send(measurement, f));
                    stored.clear();
                }
            }
        }

        @Override
        public void close() {
            synchronized (SimulatedGattDevice.this) {
                if (listener == mine) {
                    listener = null;
                    subscribed.clear();
                }
            }
        }
    }

    private static int sequence(byte[] glucoseFrame) {
        return (glucoseFrame[1] & 0xFF) | (glucoseFrame[2] & 0xFF) << 8;
    }
}
