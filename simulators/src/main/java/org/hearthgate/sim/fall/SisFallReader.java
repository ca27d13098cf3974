package org.hearthgate.sim.fall;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads SisFall trials, gzipped or not: one sample a line, comma-separated raw counts ending in {@code ;}. Only the
 * ADXL345 accelerometer (columns 1-3, 13 bit over +-16 g, so 256 counts per g) is kept: it is the sensor that does
 * not saturate on impacts. Blank lines are skipped; anything else malformed fails naming the file and line.
 * A hand-written parser, because this is most of an evaluation run's time.
 */
public final class SisFallReader {
    /** SisFall's sampling rate. */
    public static final double RATE_HZ = 200;
    private static final double COUNTS_PER_G = 256;

    private SisFallReader() {
    }

    /** Acceleration in g as {x[], y[], z[]}. */
    public static double[][] read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = new BufferedInputStream(
                        file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
            return parse(in.readAllBytes(), file.toString());
        }
    }

    static double[][] parse(byte[] b, String name) {
        int cap = Math.max(16, b.length / 20);
        double[] x = new double[cap];
        double[] y = new double[cap];
        double[] z = new double[cap];
        int n = 0;
        int line = 0;
        int i = 0;
        int[] fields = new int[3];
        while (i < b.length) {
            line++;
            int end = i;
            while (end < b.length && b[end] != '\n') {
                end++;
            }
            int field = 0;
            int value = 0;
            boolean neg = false;
            boolean digits = false;
            boolean blank = true;
            for (int k = i; k < end && field < 3; k++) {
                byte c = b[k];
                if (c >= '0' && c <= '9') {
                    value = value * 10 + (c - '0');
                    digits = true;
                    blank = false;
                } else if (c == '-') {
                    neg = true;
                    blank = false;
                } else if (c == ',' || c == ';') {
                    if (!digits) {
                        throw new IllegalArgumentException(name + ":" + line + ": empty or malformed field");
                    }
                    fields[field++] = neg ? -value : value;
                    value = 0;
                    neg = false;
                    digits = false;
                } else if (c != ' ' && c != '\r' && c != '\t') {
                    throw new IllegalArgumentException(name + ":" + line + ": unexpected character '" + (char) c + "'");
                }
            }
            if (field < 3 && digits) {
                fields[field++] = neg ? -value : value;
            }
            if (field == 3) {
                if (n == x.length) {
                    x = Arrays.copyOf(x, n * 2);
                    y = Arrays.copyOf(y, n * 2);
                    z = Arrays.copyOf(z, n * 2);
                }
                x[n] = fields[0] / COUNTS_PER_G;
                y[n] = fields[1] / COUNTS_PER_G;
                z[n] = fields[2] / COUNTS_PER_G;
                n++;
            } else if (!blank) {
                throw new IllegalArgumentException(name + ":" + line + ": fewer than 3 fields");
            }
            i = end + 1;
        }
        return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(z, n)};
    }

    /**
     * Downsamples by an integer factor, averaging each block of {@code factor} samples: a boxcar anti-alias filter
     * (its first null at the new sample rate), which is what many wearable accelerometers do in hardware.
     */
    public static double[][] decimate(double[][] signal, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be at least 1");
        }
        int n = signal[0].length / factor;
        double[][] out = new double[3][n];
        for (int axis = 0; axis < 3; axis++) {
            double[] in = signal[axis];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < factor; k++) {
                    s += in[j * factor + k];
                }
                out[axis][j] = s / factor;
            }
        }
        return out;
    }
}
