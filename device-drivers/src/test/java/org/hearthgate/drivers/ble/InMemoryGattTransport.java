package org.hearthgate.drivers.ble;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link GattTransport} that plays one Bluetooth device in memory: the test decides which characteristics it has,
 * what reads return, whether connecting works, and pushes notification bytes and link losses. It records what the
 * driver wrote and subscribed to. This stands in for the radio, not for any code under test.
 */
final class InMemoryGattTransport implements GattTransport {
    final Set<Integer> characteristics = new LinkedHashSet<>();
    final Map<Integer, byte[]> readValues = new HashMap<>();
    final List<String> log = new ArrayList<>();
    final List<byte[]> currentTimeWrites = new ArrayList<>();
    final List<byte[]> racpWrites = new ArrayList<>();
    int refuseConnects;
    boolean refuseTimeWrite;
    private Link link;

    InMemoryGattTransport with(int... uuids) {
        for (int u : uuids) {
            characteristics.add(u);
        }
        return this;
    }

    @Override
    public List<Advertisement> scan(Duration duration) {
        return List.of(new Advertisement("AA:BB:CC:DD:EE:FF", "test device", Set.of(0x1810), -60));
    }

    @Override
    public GattConnection connect(String address, GattConnection.Listener listener) throws GattException {
        log.add("connect " + address);
        if (refuseConnects > 0) {
            refuseConnects--;
            throw new GattException("device not in range");
        }
        link = new Link(listener);
        return link;
    }

    boolean connected() {
        return link != null && link.open;
    }

    /** The device sends a notification or indication. */
    void notify(int characteristic, byte[] value) {
        if (!connected() || !link.subscribed.contains(characteristic)) {
            throw new IllegalStateException("device cannot send " + GattUuids.name(characteristic) + " now");
        }
        link.listener.value(characteristic, value);
    }

    /** The link drops (device out of range, switched off). */
    void lose(String reason) {
        Link l = link;
        l.open = false;
        l.listener.disconnected(reason);
    }

    Set<Integer> subscribed() {
        return link == null ? Set.of() : link.subscribed;
    }

    @Override
    public void close() {
        log.add("transport closed");
    }

    private final class Link implements GattConnection {
        final GattConnection.Listener listener;
        final Set<Integer> subscribed = new LinkedHashSet<>();
        boolean open = true;

        Link(GattConnection.Listener listener) {
            this.listener = listener;
        }

        @Override
        public void bond() {
            log.add("bond");
        }

        @Override
        public Set<Integer> discover() {
            return Set.copyOf(characteristics);
        }

        @Override
        public byte[] read(int characteristic) throws GattException {
            byte[] v = readValues.get(characteristic);
            if (v == null) {
                throw new GattException("read not permitted");
            }
            log.add("read " + GattUuids.name(characteristic));
            return v;
        }

        @Override
        public void write(int characteristic, byte[] value) throws GattException {
            if (characteristic == GattUuids.CURRENT_TIME) {
                if (refuseTimeWrite) {
                    throw new GattException("write not permitted");
                }
                currentTimeWrites.add(value);
            }
            if (characteristic == GattUuids.RECORD_ACCESS_CONTROL_POINT) {
                racpWrites.add(value);
            }
            log.add("write " + GattUuids.name(characteristic));
        }

        @Override
        public void subscribe(int characteristic) {
            subscribed.add(characteristic);
            log.add("subscribe " + GattUuids.name(characteristic));
        }

        @Override
        public void close() {
            open = false;
            log.add("disconnect");
        }
    }
}
