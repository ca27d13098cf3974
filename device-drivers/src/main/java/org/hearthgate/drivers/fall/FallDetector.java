package org.hearthgate.drivers.fall;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A streaming fall detector for a waist-worn accelerometer: one sample at a time, constant memory, any rate from
 * 25 to 200 Hz. Not thread-safe: one instance per wearable stream.
 *
 * <p>It is a small state machine over low-pass-filtered acceleration (see docs/fall-detection.md):
 * <ol>
 * <li><b>Idle</b>: the filtered magnitude crosses {@code triggerG}; an episode opens and the orientation before
 * it ({@code preStartS}..{@code preEndS} earlier) is taken from the history.</li>
 * <li><b>Impact</b>: for {@code settleS} after the highest local peak a higher one moves the impact there.</li>
 * <li><b>Post-impact</b>: from {@code postStartS} to {@code postEndS} after the impact it averages the gravity
 * direction and measures movement. A new trigger in this phase is another impact of the same episode if it comes
 * within {@code episodeS} of the episode's start (a fall often hits more than once: knees or hip, then trunk, then a
 * roll), and the post-impact window starts again after it; a later one opens a new episode.</li>
 * <li><b>Decision</b>: the rule in {@link FallParameters#isFall} compares the episode's peak, the tilt before it, the
 * orientation change, the tilt after it and the stillness with their thresholds.</li>
 * </ol>
 * Non-finite samples are counted and skipped, so a glitching sensor can neither crash it nor poison its filters.
 */
public final class FallDetector {
    private static final double BLOCK_S = 0.1;
    /** Walking, for learning the upright: one second whose raw-magnitude deviation lies in this band (g). */
    static final double WALK_MIN_STD_G = 0.08;
    static final double WALK_MAX_STD_G = 0.6;
    /** ... and whose mean acceleration is about 1 g (the body is not accelerating on average). */
    static final double WALK_MAX_MEAN_ERROR_G = 0.2;

    private final FallParameters p;
    private final Consumer<FallCandidate> observer;
    private final Biquad fx;
    private final Biquad fy;
    private final Biquad fz;
    private final int settleN;
    private final int episodeN;
    private final int minPostN;
    private final int postStartN;
    private final int postEndN;
    private final int preStartN;
    private final int preEndN;
    private final double priorX;
    private final double priorY;
    private final double priorZ;
    private final double learnRate;
    private final double cosMaxDeviation;
    private final int walkN;
    // The wearer's upright axis (unit vector), learned from walking seconds.
    private double upX;
    private double upY;
    private double upZ;
    private long learnedSeconds;
    // The current one-second walking window.
    private int walkCount;
    private boolean walkSpoiled;
    private double wX;
    private double wY;
    private double wZ;
    private double wM;
    private double wM2;

    // History of the raw acceleration as 0.1 s block sums, for the pre-fall orientation.
    private final int blockLen;
    private final double[] blockX;
    private final double[] blockY;
    private final double[] blockZ;
    private double curX;
    private double curY;
    private double curZ;
    private long completedBlocks;

    private long n;
    private long rejected;
    private boolean tracking;
    private long episodeStartN;
    private double episodePeak;
    private long anchorN;
    private double localPeak;
    private double preX;
    private double preY;
    private double preZ;
    private double postX;
    private double postY;
    private double postZ;
    private long postCount;
    private double postMean;
    private double postM2;

    /** A detector that reports only falls. */
    public FallDetector(double sampleRateHz, FallParameters parameters) {
        this(sampleRateHz, parameters, c -> { });
    }

    /**
     * A detector that also shows {@code observer} every candidate it evaluates, fall or not: the evaluation tool
     * tunes the thresholds from them, and a deployment may log them to explain its decisions.
     */
    public FallDetector(double sampleRateHz, FallParameters parameters, Consumer<FallCandidate> observer) {
        if (!(sampleRateHz >= 10 && sampleRateHz <= 2000)) {
            throw new IllegalArgumentException("sample rate: " + sampleRateHz + " Hz is outside 10..2000 Hz");
        }
        this.p = Objects.requireNonNull(parameters, "parameters");
        this.observer = Objects.requireNonNull(observer, "observer");
        fx = new Biquad(p.cutoffHz(), sampleRateHz);
        fy = new Biquad(p.cutoffHz(), sampleRateHz);
        fz = new Biquad(p.cutoffHz(), sampleRateHz);
        settleN = toSamples(p.settleS(), sampleRateHz);
        episodeN = toSamples(p.episodeS(), sampleRateHz);
        minPostN = Math.max(1, toSamples(p.minPostS(), sampleRateHz));
        postStartN = toSamples(p.postStartS(), sampleRateHz);
        postEndN = Math.max(postStartN + 1, toSamples(p.postEndS(), sampleRateHz));
        preStartN = toSamples(p.preStartS(), sampleRateHz);
        preEndN = toSamples(p.preEndS(), sampleRateHz);
        double norm = Math.sqrt(p.uprightX() * p.uprightX() + p.uprightY() * p.uprightY() + p.uprightZ() * p.uprightZ());
        priorX = p.uprightX() / norm;
        priorY = p.uprightY() / norm;
        priorZ = p.uprightZ() / norm;
        upX = priorX;
        upY = priorY;
        upZ = priorZ;
        learnRate = p.uprightLearnS() > 0 ? Math.min(1, 1 / p.uprightLearnS()) : 0;
        cosMaxDeviation = Math.cos(Math.toRadians(p.uprightMaxDeviationDeg()));
        walkN = Math.max(1, toSamples(1.0, sampleRateHz));
        blockLen = Math.max(1, toSamples(BLOCK_S, sampleRateHz));
        int blocks = (preStartN + blockLen - 1) / blockLen + 2;
        blockX = new double[blocks];
        blockY = new double[blocks];
        blockZ = new double[blocks];
    }

    /**
     * Takes the next sample (acceleration in g on the device's axes) and returns a fall when this sample completes
     * the decision about one. Allocation-free unless a candidate is decided.
     */
    public Optional<FallEvent> accept(double x, double y, double z) {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            rejected++;
            return Optional.empty();
        }
        double lx = fx.apply(x);
        double ly = fy.apply(y);
        double lz = fz.apply(z);
        double m = Math.sqrt(lx * lx + ly * ly + lz * lz);
        FallEvent event = null;
        if (!tracking) {
            if (m >= p.triggerG()) {
                openEpisode(m);
            }
        } else {
            long since = n - anchorN;
            if (since < settleN) {
                if (m > localPeak) {
                    impact(m);
                }
            } else if (m >= p.triggerG()) {
                if (n - episodeStartN <= episodeN) {
                    impact(m);
                } else {
                    openEpisode(m);
                }
            } else if (since >= postStartN) {
                postX += x;
                postY += y;
                postZ += z;
                postCount++;
                double d = m - postMean;
                postMean += d / postCount;
                postM2 += d * (m - postMean);
                if (since == postEndN - 1) {
                    event = decide(since);
                }
            }
        }
        remember(x, y, z);
        if (learnRate > 0) {
            learnUpright(x, y, z);
        }
        n++;
        return Optional.ofNullable(event);
    }

    /**
     * The wearer's upright axis as learned so far (a unit vector, device axes; the configured {@code device.upright}
     * until the wearer has walked): the gravity direction averaged over seconds of walking, with a time constant of
     * {@code upright.learnS} walking seconds. A deployment may keep it across reconnects with
     * {@link FallParameters#withUpright}.
     */
    public double[] learnedUpright() {
        return new double[] {upX, upY, upZ};
    }

    /** Seconds of walking the upright axis has learned from so far. */
    public long learnedSeconds() {
        return learnedSeconds;
    }

    /** Samples seen so far, not counting rejected ones. */
    public long samples() {
        return n;
    }

    /** Non-finite samples skipped so far. */
    public long rejectedSamples() {
        return rejected;
    }

    /** How long after its impact a fall is reported, whatever the sample rate. */
    public double decisionDelaySeconds() {
        return p.postEndS();
    }

    /**
     * The recording ends (the wearable disconnects, or an evaluation reaches the end of a file): decides on a pending
     * candidate if at least {@code minPostS} of its post-impact window was seen, so a fall just before the end is
     * not silently dropped. It then waits for the next impact; after a gap in the data, start a new detector.
     */
    public Optional<FallEvent> finish() {
        FallEvent event = null;
        if (tracking && postCount >= minPostN) {
            event = decide(n - 1 - anchorN);
        }
        tracking = false;
        return Optional.ofNullable(event);
    }

    private void openEpisode(double m) {
        tracking = true;
        episodeStartN = n;
        episodePeak = m;
        preOrientation();
        impact(m);
    }

    /** A (new or higher) impact within the episode: the post-impact window starts again after it. */
    private void impact(double m) {
        localPeak = m;
        episodePeak = Math.max(episodePeak, m);
        anchorN = n;
        postX = 0;
        postY = 0;
        postZ = 0;
        postCount = 0;
        postMean = 0;
        postM2 = 0;
    }

    private FallEvent decide(long since) {
        tracking = false;
        double change = angle(preX, preY, preZ, postX, postY, postZ);
        double preTilt = angle(upX, upY, upZ, preX, preY, preZ);
        double tilt = angle(upX, upY, upZ, postX, postY, postZ);
        double std = Math.sqrt(postM2 / postCount);
        FallCandidate c = new FallCandidate(anchorN, episodePeak, change, preTilt, tilt, std);
        observer.accept(c);
        return p.isFall(c) ? new FallEvent(c, since, p.confidence(c)) : null;
    }

    /** Mean raw acceleration over the blocks wholly inside the pre-fall window: the wearer's orientation before. */
    private void preOrientation() {
        long first = Math.max(0, episodeStartN - preStartN);
        long last = episodeStartN - preEndN; // exclusive
        double sx = 0;
        double sy = 0;
        double sz = 0;
        long oldest = Math.max(0, completedBlocks - blockX.length);
        for (long b = Math.max(oldest, (first + blockLen - 1) / blockLen); b < completedBlocks; b++) {
            if ((b + 1) * blockLen > last) {
                break;
            }
            int i = (int) (b % blockX.length);
            sx += blockX[i];
            sy += blockY[i];
            sz += blockZ[i];
        }
        if (sx == 0 && sy == 0 && sz == 0) {
            // Too early in the stream for a full window: the oldest history we have is the best estimate.
            if (completedBlocks > oldest) {
                int i = (int) (oldest % blockX.length);
                sx = blockX[i];
                sy = blockY[i];
                sz = blockZ[i];
            } else {
                sx = curX;
                sy = curY;
                sz = curZ;
            }
        }
        preX = sx;
        preY = sy;
        preZ = sz;
    }

    /**
     * One-second windows: a window in which the wearer walked (the magnitude swings by {@code WALK_MIN_STD_G} to
     * {@code WALK_MAX_STD_G} around about 1 g, no candidate was open) and whose mean direction lies within
     * {@code upright.maxDeviationDeg} of the configured axis moves the learned upright towards its mean direction.
     * While walking the trunk is upright and the body's own accelerations average out over the steps.
     */
    private void learnUpright(double x, double y, double z) {
        if (tracking) {
            walkSpoiled = true;
        }
        double m = Math.sqrt(x * x + y * y + z * z);
        wX += x;
        wY += y;
        wZ += z;
        wM += m;
        wM2 += m * m;
        if (++walkCount < walkN) {
            return;
        }
        double meanM = wM / walkCount;
        double var = Math.max(0, wM2 / walkCount - meanM * meanM);
        double gx = wX / walkCount;
        double gy = wY / walkCount;
        double gz = wZ / walkCount;
        double g = Math.sqrt(gx * gx + gy * gy + gz * gz);
        boolean spoiled = walkSpoiled;
        walkCount = 0;
        walkSpoiled = false;
        wX = 0;
        wY = 0;
        wZ = 0;
        wM = 0;
        wM2 = 0;
        double std = Math.sqrt(var);
        if (spoiled || std < WALK_MIN_STD_G || std > WALK_MAX_STD_G || Math.abs(g - 1) > WALK_MAX_MEAN_ERROR_G) {
            return;
        }
        gx /= g;
        gy /= g;
        gz /= g;
        if (gx * priorX + gy * priorY + gz * priorZ < cosMaxDeviation) {
            return;
        }
        double ux = upX + learnRate * (gx - upX);
        double uy = upY + learnRate * (gy - upY);
        double uz = upZ + learnRate * (gz - upZ);
        double u = Math.sqrt(ux * ux + uy * uy + uz * uz);
        upX = ux / u;
        upY = uy / u;
        upZ = uz / u;
        learnedSeconds++;
    }

    private void remember(double x, double y, double z) {
        curX += x;
        curY += y;
        curZ += z;
        if ((n + 1) % blockLen == 0) {
            int i = (int) (completedBlocks % blockX.length);
            blockX[i] = curX;
            blockY[i] = curY;
            blockZ[i] = curZ;
            completedBlocks++;
            curX = 0;
            curY = 0;
            curZ = 0;
        }
    }

    static double angle(double ax, double ay, double az, double bx, double by, double bz) {
        double na = Math.sqrt(ax * ax + ay * ay + az * az);
        double nb = Math.sqrt(bx * bx + by * by + bz * bz);
        if (na == 0 || nb == 0) {
            return 0;
        }
        double cos = (ax * bx + ay * by + az * bz) / (na * nb);
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    private static int toSamples(double seconds, double rate) {
        return (int) Math.round(seconds * rate);
    }
}
