package org.hearthgate.drivers.ble;

import java.util.Set;

/** A device seen while scanning: its address, advertised name, 16-bit service UUIDs and signal strength. */
public record Advertisement(String address, String name, Set<Integer> services, Integer rssi) {
    public Advertisement {
        services = Set.copyOf(services);
    }
}
