package org.hearthgate.sim.devices;

import java.time.Clock;
import java.util.List;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;

/**
 * A radio pendant and its receiver, which report a press and the pendant's periodic check-in with its battery level
 * (social-alarm pendants check in every few hours). No hub driver reads such a receiver yet, so this simulator is the
 * driver: it hands the hub the observations a receiver would. A flat pendant (0 %) sends nothing at all, neither
 * check-ins nor presses: the point of supervising it.
 */
public final class SimulatedRadioPendant implements Driver {
    private final DeviceId device;
    private final Clock clock;
    private volatile DriverCallback callback;
    private volatile int battery = 100;

    public SimulatedRadioPendant(DeviceId device, Clock clock) {
        this.device = device;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "radio-pendant " + device;
    }

    @Override
    public List<DeviceId> devices() {
        return List.of(device);
    }

    @Override
    public void start(DriverCallback c) {
        this.callback = c;
    }

    public void battery(int percent) {
        battery = Math.max(0, Math.min(100, percent));
    }

    /** The periodic check-in with the battery level; a flat pendant sends none. */
    public void checkIn() {
        DriverCallback c = callback;
        if (c != null && battery > 0) {
            c.observed(new BatteryLevel(device, clock.instant(), Quantity.of(battery, Ucum.PERCENT)));
        }
    }

    /** The resident presses the button: true when the press went out (the battery is not flat). */
    public boolean press() {
        DriverCallback c = callback;
        if (c == null || battery == 0) {
            return false;
        }
        c.observed(new PendantPress(device, clock.instant()));
        return true;
    }

    @Override
    public void close() {
        callback = null;
    }
}
