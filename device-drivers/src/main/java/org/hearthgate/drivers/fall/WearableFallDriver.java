package org.hearthgate.drivers.fall;

import java.time.Clock;
import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;

/**
 * A worn accelerometer as a hub driver: whatever transport brings the samples (a BLE wearable, a serial IMU, a
 * simulator) calls {@link #accept}; the {@link WearableFallMonitor} turns them into a cancellable pre-alarm, reported
 * as events, and then into a {@link FallDetected} observation, which the hub's engine raises as an immediate alarm.
 */
public final class WearableFallDriver implements Driver {
    private final DeviceId device;
    private final WearableFallMonitor monitor;
    private volatile DriverCallback callback;

    public WearableFallDriver(DeviceId device, ResidentId resident, double sampleRateHz, FallParameters parameters,
            FallPreAlarm.Config preAlarm, Clock clock) {
        this.device = device;
        this.monitor = new WearableFallMonitor(sampleRateHz, parameters, new FallPreAlarm(device, resident, preAlarm,
                clock, new FallPreAlarm.Listener() {
                    @Override
                    public void event(Event event) {
                        DriverCallback c = callback;
                        if (c != null) {
                            c.event(event);
                        }
                    }

                    @Override
                    public void confirmed(FallDetected fall, FallPreAlarm.Confirmation why) {
                        DriverCallback c = callback;
                        if (c != null) {
                            c.observed(fall);
                        }
                    }
                }));
    }

    @Override
    public String name() {
        return "wearable:" + device;
    }

    @Override
    public void start(DriverCallback callback) {
        this.callback = callback;
    }

    /** One accelerometer sample in g, stamped with the wearable's time for it. Called by the transport. */
    public void accept(Instant at, double x, double y, double z) {
        monitor.accept(at, x, y, z);
        monitor.preAlarm().tick();
    }

    @Override
    public void cancelPressed() {
        monitor.preAlarm().cancel();
    }

    @Override
    public void close() {
        callback = null;
    }
}
