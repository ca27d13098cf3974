package org.hearthgate.sim.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.drivers.fall.WearableFallDriver;
import org.hearthgate.sim.fall.SisFallReader;

/**
 * A recorded accelerometer trace (a SisFall trial, 200 Hz, in g) played into the hub's {@link WearableFallDriver} on
 * a virtual clock: each sample at its own instant, then the wearer lying where the recording ended, with sensor noise,
 * as a faller who cannot get up would. The real-time counterpart for the demo is {@code SimulatedWearable}.
 */
public final class AccelerometerTrace {
    private static final Duration SAMPLE = Duration.ofNanos((long) (1e9 / SisFallReader.RATE_HZ));

    private final double[][] samples;

    private AccelerometerTrace(double[][] samples) {
        this.samples = samples;
    }

    /** Reads a SisFall trial file (.txt or .txt.gz). */
    public static AccelerometerTrace sisFall(Path trial) throws IOException {
        if (!Files.isReadable(trial)) {
            throw new IOException("SisFall trial " + trial + " is not there: the data belongs beside the repository "
                    + "(../shared/data/falls) or where -Dhearthgate.falls.dir points");
        }
        return new AccelerometerTrace(SisFallReader.read(trial));
    }

    /**
     * The SisFall folder: -Dhearthgate.falls.dir, else the nearest {@code shared/data/falls} beside the repository
     * or one of the folders above (the launcher's hearthgate.home, or the working directory).
     */
    public static Path sisFallFolder() {
        String dir = System.getProperty("hearthgate.falls.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        Path start = Path.of(System.getProperty("hearthgate.home", ".")).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data").resolve("falls");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return start.resolveSibling("shared").resolve("data").resolve("falls");
    }

    public Duration length() {
        return SAMPLE.multipliedBy(samples[0].length);
    }

    /**
     * Plays the trace from the clock's current instant, moving the clock sample by sample, and then {@code lyingStill}
     * more of the last sample with noise (SD 0.01 g, seeded).
     */
    public void play(WearableFallDriver driver, ManualClock clock, Duration lyingStill, long seed) {
        Random noise = new Random(seed);
        int n = samples[0].length;
        long total = n + lyingStill.toNanos() / SAMPLE.toNanos();
        for (long i = 0; i < total; i++) {
            int k = (int) Math.min(i, n - 1);
            double jitter = i >= n ? noise.nextGaussian() * 0.01 : 0;
            clock.advance(SAMPLE);
            Instant at = clock.instant();
            driver.accept(at, samples[0][k] + jitter, samples[1][k] + jitter, samples[2][k] + jitter);
        }
    }
}
