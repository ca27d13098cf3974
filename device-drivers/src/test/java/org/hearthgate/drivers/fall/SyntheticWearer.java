package org.hearthgate.drivers.fall;

import java.util.Random;

/**
 * Builds synthetic waist-accelerometer recordings (g, device axes with Y = -1 g when upright, as on SisFall's device)
 * from segments, with seeded sensor noise so every run is identical.
 */
final class SyntheticWearer {
    static final double[] UPRIGHT = {0, -1, 0};
    static final double[] LYING_FACE_DOWN = {0, 0, -1};
    static final double[] LYING_ON_SIDE = {-1, 0, 0};
    static final double[] SITTING_RECLINED = {0, -0.94, -0.34};

    private final double rate;
    private final Random random = new Random(42);
    private double[] x = new double[0];
    private double[] y = new double[0];
    private double[] z = new double[0];
    private int n;

    SyntheticWearer(double rate) {
        this.rate = rate;
    }

    /** Holds a posture for {@code seconds}, with sensor noise of {@code noiseG} standard deviation. */
    SyntheticWearer hold(double[] g, double seconds, double noiseG) {
        int k = (int) Math.round(seconds * rate);
        for (int i = 0; i < k; i++) {
            add(g[0] + noiseG * random.nextGaussian(), g[1] + noiseG * random.nextGaussian(),
                    g[2] + noiseG * random.nextGaussian());
        }
        return this;
    }

    /** Turns smoothly from one posture to another over {@code seconds} (no impact). */
    SyntheticWearer turn(double[] from, double[] to, double seconds) {
        int k = (int) Math.round(seconds * rate);
        for (int i = 0; i < k; i++) {
            double t = (i + 1.0) / k;
            double ax = from[0] + (to[0] - from[0]) * t;
            double ay = from[1] + (to[1] - from[1]) * t;
            double az = from[2] + (to[2] - from[2]) * t;
            double norm = Math.sqrt(ax * ax + ay * ay + az * az);
            add(ax / norm, ay / norm, az / norm);
        }
        return this;
    }

    /** A short impact: {@code seconds} of acceleration {@code g} (several g). */
    SyntheticWearer impact(double[] g, double seconds) {
        return hold(g, seconds, 0);
    }

    /** Rocking or struggling in a posture: a 1 Hz swing of {@code amplitudeG} along the gravity direction. */
    SyntheticWearer rock(double[] g, double seconds, double amplitudeG) {
        int k = (int) Math.round(seconds * rate);
        for (int i = 0; i < k; i++) {
            double f = 1 + amplitudeG * Math.sin(2 * Math.PI * i / rate);
            add(g[0] * f, g[1] * f, g[2] * f);
        }
        return this;
    }

    /** Walking or fidgeting: upright with a 2 Hz vertical bounce of {@code amplitudeG}. */
    SyntheticWearer walk(double seconds, double amplitudeG) {
        int k = (int) Math.round(seconds * rate);
        for (int i = 0; i < k; i++) {
            double b = amplitudeG * Math.sin(2 * Math.PI * 2 * i / rate);
            add(0.01 * random.nextGaussian(), -1 - b, 0.01 * random.nextGaussian());
        }
        return this;
    }

    /** A typical forward fall while walking: upright, a brief near-free-fall, an impact, then lying face down. */
    static SyntheticWearer forwardFall(double rate, double lyingSeconds) {
        return new SyntheticWearer(rate).hold(UPRIGHT, 4, 0.01).hold(new double[] {0, -0.3, -0.2}, 0.4, 0.02)
                .impact(new double[] {0.5, -2.0, -3.0}, 0.15).hold(LYING_FACE_DOWN, lyingSeconds, 0.005);
    }

    /**
     * The same recording from a belt worn tilted by {@code degrees} about the device's X axis: every sample rotated,
     * so standing reads {@code (0, -cos, -sin)} instead of {@code (0, -1, 0)}.
     */
    SyntheticWearer tilted(double degrees) {
        double c = Math.cos(Math.toRadians(degrees));
        double s = Math.sin(Math.toRadians(degrees));
        SyntheticWearer t = new SyntheticWearer(rate);
        for (int i = 0; i < n; i++) {
            t.add(x[i], y[i] * c - z[i] * s, y[i] * s + z[i] * c);
        }
        return t;
    }

    int size() {
        return n;
    }

    double[][] signal() {
        return new double[][] {java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n),
                java.util.Arrays.copyOf(z, n)};
    }

    private void add(double ax, double ay, double az) {
        if (n == x.length) {
            int cap = Math.max(256, n * 2);
            x = java.util.Arrays.copyOf(x, cap);
            y = java.util.Arrays.copyOf(y, cap);
            z = java.util.Arrays.copyOf(z, cap);
        }
        x[n] = ax;
        y[n] = ay;
        z[n] = az;
        n++;
    }
}
