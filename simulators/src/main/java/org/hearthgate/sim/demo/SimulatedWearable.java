package org.hearthgate.sim.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hearthgate.drivers.fall.WearableFallDriver;
import org.hearthgate.sim.fall.SisFallReader;

/**
 * Plays a recorded SisFall trial into a {@link WearableFallDriver} in real time, as a belt-worn accelerometer would
 * stream it, and then keeps the wearer lying where the recording ended (with sensor noise), as a faller who cannot
 * get up would.
 */
public final class SimulatedWearable implements AutoCloseable {
    private static final int BATCH = 4; // 4 samples every 20 ms = 200 Hz

    private final WearableFallDriver driver;
    private final double[][] trial;
    private final Clock clock;
    private final Random noise = new Random(7);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-wearable");
        t.setDaemon(true);
        return t;
    });
    private int next;

    public SimulatedWearable(WearableFallDriver driver, Path sisFallTrial, Clock clock) throws IOException {
        this.driver = driver;
        this.trial = SisFallReader.read(sisFallTrial);
        this.clock = clock;
    }

    public void start() {
        timer.scheduleAtFixedRate(this::batch, 0, 20, TimeUnit.MILLISECONDS);
    }

    private void batch() {
        Instant now = clock.instant();
        int n = trial[0].length;
        for (int i = 0; i < BATCH; i++) {
            Instant at = now.minus(Duration.ofMillis(5L * (BATCH - 1 - i)));
            int k = Math.min(next, n - 1);
            double jitter = next >= n ? noise.nextGaussian() * 0.01 : 0;
            driver.accept(at, trial[0][k] + jitter, trial[1][k] + jitter, trial[2][k] + jitter);
            next++;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
