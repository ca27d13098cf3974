package org.hearthgate.drivers.fall;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Everything the fall detector decides with. The values shipped in {@code fall-detector.properties} (next to this
 * class) were derived from the SisFall development subjects by {@code ./hearthgate fall-eval <dir> --tune}; see
 * docs/fall-detection.md. The five {@code rule.*} thresholds are what the tuner searches; the filter, trigger and
 * windows shape which impacts become candidates and are fixed by design, so a tuning run never changes what is measured.
 *
 * @param cutoffHz                low-pass cut-off applied to each axis before the magnitude is taken
 * @param triggerG                filtered magnitude that opens a candidate; must not exceed {@code minPeakG}
 * @param settleS                 after the highest peak, how long a higher one may still replace it
 * @param episodeS                a new impact within this time of the episode's first one continues the episode
 *                                (a fall often hits more than once); a later one starts a new episode
 * @param preStartS               start of the pre-fall orientation window, seconds before the impact
 * @param preEndS                 end of the pre-fall orientation window, seconds before the impact
 * @param postStartS              start of the post-impact window (orientation and stillness), seconds after the impact
 * @param postEndS                end of the post-impact window; the decision is made then
 * @param minPostS                at the end of a recording, the post-impact data needed to decide anyway
 * @param uprightX                the device's upright axis (the gravity direction, in g, of a wearer standing upright),
 *                                x component; {@code uprightY} and {@code uprightZ} are the others
 * @param minPeakG                rule: smallest filtered impact magnitude of a fall
 * @param maxPreTiltDeg           rule: largest tilt from upright before the fall (lying already is not falling)
 * @param minOrientationChangeDeg rule: smallest change of trunk orientation from before to after the impact
 * @param minPostTiltDeg          rule: smallest tilt from upright after the impact (lying down)
 * @param maxPostStdG             rule: largest movement (standard deviation of the filtered magnitude) after it
 * @param stillMaxStdG            a one-second block with a smaller raw-magnitude deviation counts as lying still
 * @param uprightLearnS           time constant, in seconds of walking, of the wearer's learned upright axis (0: never
 *                                learn, always use {@code device.upright})
 * @param uprightMaxDeviationDeg  a walking second whose gravity direction is further than this from {@code device.upright}
 *                                is not used to learn (the belt may sit tilted; a wearer lying and rolling is not walking)
 */
public record FallParameters(double cutoffHz, double triggerG, double settleS, double episodeS, double preStartS,
        double preEndS, double postStartS, double postEndS, double minPostS, double uprightX, double uprightY,
        double uprightZ, double minPeakG, double maxPreTiltDeg, double minOrientationChangeDeg, double minPostTiltDeg,
        double maxPostStdG, double stillMaxStdG, double uprightLearnS, double uprightMaxDeviationDeg) {

    /** The file shipped in the device-drivers jar, beside this class. */
    public static final String RESOURCE = "fall-detector.properties";

    public FallParameters {
        positive(cutoffHz, "filter.cutoffHz");
        positive(triggerG, "candidate.triggerG");
        positive(settleS, "window.settleS");
        positive(preEndS, "window.preEndS");
        positive(postEndS, "window.postEndS");
        positive(episodeS, "window.episodeS");
        positive(minPostS, "window.minPostS");
        if (minPostS > postEndS - postStartS) {
            throw new IllegalArgumentException("window.minPostS: must not exceed the post-impact window");
        }
        positive(stillMaxStdG, "stillness.maxStdG");
        positive(maxPostStdG, "rule.maxPostStdG");
        if (preStartS <= preEndS) {
            throw new IllegalArgumentException("window.preStartS: must be greater than window.preEndS");
        }
        // A new trigger after the settle time abandons the candidate; the post window must start after that point or
        // the same movement would both count as stillness evidence and restart the candidate.
        if (postStartS < settleS || postEndS <= postStartS) {
            throw new IllegalArgumentException("window.postStartS: must lie between window.settleS and window.postEndS");
        }
        if (minPeakG < triggerG) {
            throw new IllegalArgumentException("rule.minPeakG: must be at least candidate.triggerG (" + triggerG + ")");
        }
        double norm = Math.sqrt(uprightX * uprightX + uprightY * uprightY + uprightZ * uprightZ);
        if (!(norm > 0.5 && norm < 2)) {
            throw new IllegalArgumentException("device.upright: must be a gravity vector of about 1 g");
        }
        between(minOrientationChangeDeg, 0, 180, "rule.minOrientationChangeDeg");
        between(minPostTiltDeg, 0, 180, "rule.minPostTiltDeg");
        between(maxPreTiltDeg, 0, 180, "rule.maxPreTiltDeg");
        between(uprightLearnS, 0, 86_400, "upright.learnS");
        between(uprightMaxDeviationDeg, 0, 90, "upright.maxDeviationDeg");
    }

    /** The parameters shipped with the detector. */
    public static FallParameters defaults() {
        try (InputStream in = FallParameters.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " beside " + FallParameters.class);
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a parameter file; a missing or malformed key fails naming the key. */
    public static FallParameters load(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        double[] up = vector(p, "device.upright");
        return new FallParameters(num(p, "filter.cutoffHz"), num(p, "candidate.triggerG"), num(p, "window.settleS"),
                num(p, "window.episodeS"), num(p, "window.preStartS"), num(p, "window.preEndS"),
                num(p, "window.postStartS"), num(p, "window.postEndS"), num(p, "window.minPostS"), up[0], up[1],
                up[2], num(p, "rule.minPeakG"), num(p, "rule.maxPreTiltDeg"), num(p, "rule.minOrientationChangeDeg"),
                num(p, "rule.minPostTiltDeg"), num(p, "rule.maxPostStdG"), num(p, "stillness.maxStdG"),
                num(p, "upright.learnS"), num(p, "upright.maxDeviationDeg"));
    }

    /** Writes these parameters in the format {@link #load} reads, headed by {@code comment} lines. */
    public void store(Writer out, String comment) throws IOException {
        StringBuilder s = new StringBuilder();
        for (String line : comment.split("\n")) {
            s.append("# ").append(line).append('\n');
        }
        s.append("\n# Fixed by design: what becomes a candidate and what is measured about it.\n");
        line(s, "filter.cutoffHz", cutoffHz);
        line(s, "candidate.triggerG", triggerG);
        line(s, "window.settleS", settleS);
        line(s, "window.episodeS", episodeS);
        line(s, "window.preStartS", preStartS);
        line(s, "window.preEndS", preEndS);
        line(s, "window.postStartS", postStartS);
        line(s, "window.postEndS", postEndS);
        line(s, "window.minPostS", minPostS);
        s.append("device.upright=").append(fmt(uprightX)).append(',').append(fmt(uprightY)).append(',')
                .append(fmt(uprightZ)).append('\n');
        line(s, "stillness.maxStdG", stillMaxStdG);
        line(s, "upright.learnS", uprightLearnS);
        line(s, "upright.maxDeviationDeg", uprightMaxDeviationDeg);
        s.append("\n# Tuned: the decision rule (all five must hold).\n");
        line(s, "rule.minPeakG", minPeakG);
        line(s, "rule.maxPreTiltDeg", maxPreTiltDeg);
        line(s, "rule.minOrientationChangeDeg", minOrientationChangeDeg);
        line(s, "rule.minPostTiltDeg", minPostTiltDeg);
        line(s, "rule.maxPostStdG", maxPostStdG);
        out.write(s.toString());
    }

    /** The same fixed part with other rule thresholds; used by the tuner. */
    public FallParameters withRule(double peakG, double preTiltDeg, double changeDeg, double tiltDeg, double stdG) {
        return new FallParameters(cutoffHz, triggerG, settleS, episodeS, preStartS, preEndS, postStartS, postEndS,
                minPostS, uprightX, uprightY, uprightZ, peakG, preTiltDeg, changeDeg, tiltDeg, stdG, stillMaxStdG,
                uprightLearnS, uprightMaxDeviationDeg);
    }

    /**
     * The same parameters with another starting upright axis: a deployment that has learned the wearer's upright (see
     * {@link FallDetector#learnedUpright()}) passes it to the next detector after a reconnect. The learned axis is
     * still only accepted within {@code upright.maxDeviationDeg} of it, so this must be the learned axis, never a guess.
     */
    public FallParameters withUpright(double x, double y, double z) {
        return new FallParameters(cutoffHz, triggerG, settleS, episodeS, preStartS, preEndS, postStartS, postEndS,
                minPostS, x, y, z, minPeakG, maxPreTiltDeg, minOrientationChangeDeg, minPostTiltDeg, maxPostStdG,
                stillMaxStdG, uprightLearnS, uprightMaxDeviationDeg);
    }

    /** The decision rule: every feature must be on the fall side of its threshold. */
    public boolean isFall(FallCandidate c) {
        return c.peakG() >= minPeakG && c.preTiltDeg() <= maxPreTiltDeg
                && c.orientationChangeDeg() >= minOrientationChangeDeg
                && c.postTiltDeg() >= minPostTiltDeg && c.postStdG() <= maxPostStdG;
    }

    /**
     * How far beyond the thresholds a candidate lies: each feature scores 0.5 at its threshold and 1 at a typical
     * clear fall (1.5 g above the peak threshold, 45 degrees beyond each angle threshold, no movement at all); the
     * confidence is the mean score. A weak feature therefore pulls confidence down even when the rule holds.
     */
    public double confidence(FallCandidate c) {
        double peak = score((c.peakG() - minPeakG) / 1.5);
        double upright = score((maxPreTiltDeg - c.preTiltDeg()) / 45);
        double change = score((c.orientationChangeDeg() - minOrientationChangeDeg) / 45);
        double tilt = score((c.postTiltDeg() - minPostTiltDeg) / 45);
        double still = score((maxPostStdG - c.postStdG()) / maxPostStdG);
        return (peak + upright + change + tilt + still) / 5;
    }

    private static double score(double margin) {
        return Math.max(0, Math.min(1, 0.5 + 0.5 * margin));
    }

    private static void line(StringBuilder s, String key, double v) {
        s.append(key).append('=').append(fmt(v)).append('\n');
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static double num(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + v);
        }
    }

    private static double[] vector(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
        String[] parts = v.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException(key + ": needs three comma-separated numbers, was " + v);
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: " + parts[i]);
            }
        }
        return out;
    }

    private static void positive(double v, String key) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(key + ": must be a positive number, was " + v);
        }
    }

    private static void between(double v, double min, double max, String key) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(key + ": " + v + " is outside " + min + ".." + max);
        }
    }
}
