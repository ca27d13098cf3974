package org.hearthgate.drivers.fall;

/**
 * A second-order Butterworth low-pass section (bilinear transform, Direct Form II transposed). The coefficients are
 * derived from the sample rate, so one cut-off frequency means the same smoothing at 25, 50 or 200 Hz; this is what
 * lets a single parameter file serve every wearable rate.
 */
final class Biquad {
    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double z1;
    private double z2;
    private boolean primed;

    Biquad(double cutoffHz, double sampleRateHz) {
        if (!(sampleRateHz > 0) || !(cutoffHz > 0) || cutoffHz >= sampleRateHz / 2) {
            throw new IllegalArgumentException(
                    "cut-off " + cutoffHz + " Hz must be between 0 and half the sample rate " + sampleRateHz + " Hz");
        }
        double k = Math.tan(Math.PI * cutoffHz / sampleRateHz);
        double q = Math.sqrt(0.5); // Butterworth: maximally flat pass band
        double norm = 1 / (1 + k / q + k * k);
        b0 = k * k * norm;
        b1 = 2 * b0;
        b2 = b0;
        a1 = 2 * (k * k - 1) * norm;
        a2 = (1 - k / q + k * k) * norm;
    }

    /** Filters one sample. The first sample primes the state as if the input had always been that value (no start-up transient). */
    double apply(double x) {
        if (!primed) {
            // Steady state for a constant input x: y = x, z1 = x - b0 x, z2 = b2 x - a2 x.
            z1 = x * (1 - b0);
            z2 = x * (b2 - a2);
            primed = true;
        }
        double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }

    /** The gain at 0 Hz; 1 for a low-pass by construction, exposed so tests can check the design. */
    double dcGain() {
        return (b0 + b1 + b2) / (1 + a1 + a2);
    }
}
