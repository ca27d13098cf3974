package org.hearthgate.drivers.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.drivers.DriverCallback;

/** Collects what a driver reports, from any thread. */
public final class RecordingCallback implements DriverCallback {
    private final List<Observation> observed = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger cancelPresses = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void cancelPressed() {
        cancelPresses.incrementAndGet();
    }

    public int cancelPresses() {
        return cancelPresses.get();
    }

    @Override
    public void observed(Observation observation) {
        observed.add(observation);
    }

    public List<Observation> all() {
        return List.copyOf(observed);
    }

    public <T extends Observation> List<T> of(Class<T> type) {
        return observed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Everything except device status reports. */
    public List<Observation> events() {
        return observed.stream().filter(o -> !(o instanceof DeviceStatus)).toList();
    }

    public void clear() {
        observed.clear();
    }
}
