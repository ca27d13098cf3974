package org.hearthgate.sim.demo;

import java.time.Clock;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;

/**
 * A resident's home for the demo: a PIR that sees movement now and then, a pulse oximeter that reports every few
 * seconds, and a pendant the scenario presses. Values come from a seeded random walk, so runs are repeatable.
 */
public final class SimulatedHome implements Driver {
    public static final DeviceId PENDANT = DeviceId.of("pendant-1");
    public static final DeviceId PIR = DeviceId.of("pir-hall");
    public static final DeviceId OXIMETER = DeviceId.of("oximeter-1");

    private final Clock clock;
    private final Random random = new Random(42);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-home");
        t.setDaemon(true);
        return t;
    });
    private volatile DriverCallback callback;
    private double spo2 = 96;
    private double pulse = 72;

    public SimulatedHome(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "simulated-home";
    }

    @Override
    public void start(DriverCallback callback) {
        this.callback = callback;
        timer.scheduleAtFixedRate(() -> emit(at -> new Motion(PIR, at, "hall", true)), 1, 7, TimeUnit.SECONDS);
        timer.scheduleAtFixedRate(this::oximetry, 2, 5, TimeUnit.SECONDS);
    }

    private void oximetry() {
        spo2 = Math.max(88, Math.min(99, spo2 + random.nextGaussian() * 0.5));
        pulse = Math.max(50, Math.min(110, pulse + random.nextGaussian() * 2));
        double s = Math.round(spo2);
        double p = Math.round(pulse);
        emit(at -> new OxygenSaturation(OXIMETER, at, Quantity.of(s, Ucum.PERCENT), Quantity.of(p, Ucum.PER_MIN),
                null, java.util.Set.of()));
        emit(at -> new HeartRate(DeviceId.of("wrist-1"), at, Quantity.of(p, Ucum.PER_MIN), java.util.List.of(), true,
                null, java.util.Set.of()));
    }

    /** The resident presses the pendant. */
    public void pressPendant() {
        emit(at -> new PendantPress(PENDANT, at));
    }

    private void emit(Function<java.time.Instant, Observation> make) {
        DriverCallback c = callback;
        if (c != null) {
            c.observed(make.apply(clock.instant()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
