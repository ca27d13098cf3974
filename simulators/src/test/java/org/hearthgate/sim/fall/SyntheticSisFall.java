package org.hearthgate.sim.fall;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic trials in SisFall's file format (raw ADXL345 counts, 256 per g, 200 Hz) for tests. */
public final class SyntheticSisFall {
    private static final int RATE = 200;

    private SyntheticSisFall() {
    }

    /** Upright 4 s, a 0.4 s drop, a 3.6 g impact, then lying face down for 8 s. */
    public static double[][] fall() {
        Random r = new Random(1);
        return concat(hold(r, 0, -1, 0, 4), hold(r, 0, -0.3, -0.2, 0.4), hold(r, 0.5, -2.0, -3.0, 0.15),
                hold(r, 0, 0, -1, 8));
    }

    /** A jump: upright, a 4 g landing, upright again. */
    public static double[][] jump() {
        Random r = new Random(2);
        return concat(hold(r, 0, -1, 0, 4), hold(r, 0, -0.1, 0, 0.3), hold(r, 0, -4, 0, 0.15), hold(r, 0, -1, 0, 8));
    }

    /** Sitting quietly, slightly reclined. */
    public static double[][] sitting() {
        Random r = new Random(3);
        return hold(r, 0, -0.94, -0.34, 12);
    }

    /** The new file format of the development data: gzipped, {@code x,y,z,gx,gy,gz;} with LF. */
    public static void writeGz(Path file, double[][] s) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s[0].length; i++) {
            b.append(Math.round(s[0][i] * 256)).append(',').append(Math.round(s[1][i] * 256)).append(',')
                    .append(Math.round(s[2][i] * 256)).append(",12,-40,7;\n");
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The original SisFall format: nine space-padded columns, CRLF, and a trailing blank line. */
    public static void writeOriginal(Path file, double[][] s) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s[0].length; i++) {
            b.append(String.format("%4d,%4d,%4d,%4d,%4d,%4d,%4d,%4d,%4d;\r\n", Math.round(s[0][i] * 256),
                    Math.round(s[1][i] * 256), Math.round(s[2][i] * 256), 12, -40, 7, Math.round(s[0][i] * 1024),
                    Math.round(s[1][i] * 1024), Math.round(s[2][i] * 1024)));
        }
        b.append("   \r\n");
        Files.writeString(file, b.toString(), StandardCharsets.US_ASCII);
    }

    private static double[][] hold(Random r, double x, double y, double z, double seconds) {
        int n = (int) Math.round(seconds * RATE);
        double[][] s = new double[3][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = x + 0.01 * r.nextGaussian();
            s[1][i] = y + 0.01 * r.nextGaussian();
            s[2][i] = z + 0.01 * r.nextGaussian();
        }
        return s;
    }

    private static double[][] concat(double[][]... parts) {
        int n = 0;
        for (double[][] p : parts) {
            n += p[0].length;
        }
        double[][] out = new double[3][n];
        int at = 0;
        for (double[][] p : parts) {
            for (int a = 0; a < 3; a++) {
                System.arraycopy(p[a], 0, out[a], at, p[a].length);
            }
            at += p[0].length;
        }
        return out;
    }
}
