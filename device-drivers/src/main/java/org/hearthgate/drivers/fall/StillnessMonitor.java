package org.hearthgate.drivers.fall;

import java.time.Duration;

/**
 * How long the wearer has lain still: the raw acceleration magnitude is checked in one-second blocks, and the still
 * time grows by a block when its standard deviation stays under {@code stillMaxStdG}, else restarts at zero. A person
 * lying motionless after a fall is the strongest sign they need help, so the pre-alarm confirms early on it.
 * Constant memory; not thread-safe.
 */
public final class StillnessMonitor {
    private final double sampleRateHz;
    private final int blockLen;
    private final double maxStdG;
    private int count;
    private double mean;
    private double m2;
    private long stillSamples;

    public StillnessMonitor(double sampleRateHz, double maxStdG) {
        if (!(sampleRateHz >= 1) || !(maxStdG > 0)) {
            throw new IllegalArgumentException("sample rate and stillness threshold must be positive");
        }
        this.sampleRateHz = sampleRateHz;
        this.blockLen = (int) Math.max(1, Math.round(sampleRateHz));
        this.maxStdG = maxStdG;
    }

    public void accept(double x, double y, double z) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            return;
        }
        double m = Math.sqrt(x * x + y * y + z * z);
        count++;
        double d = m - mean;
        mean += d / count;
        m2 += d * (m - mean);
        if (count == blockLen) {
            boolean still = Math.sqrt(m2 / count) <= maxStdG;
            stillSamples = still ? stillSamples + blockLen : 0;
            count = 0;
            mean = 0;
            m2 = 0;
        }
    }

    /** Continuous stillness up to the last completed block. */
    public Duration stillFor() {
        return Duration.ofNanos(Math.round(stillSamples * 1e9 / sampleRateHz));
    }
}
