package org.hearthgate.alerts.vitals;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.Measure;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.Observation;

/**
 * A resident's own baseline for one measure and the Western Electric rules that tell special-cause variation (a
 * real change in this person) from common-cause variation (their usual scatter): one point beyond 3σ; 2 of 3
 * beyond 2σ on one side; 4 of 5 beyond 1σ on one side; 8 in a row on one side of the mean.
 *
 * <p>The baseline is a rolling window (Commons Math) that lags the newest {@value #LAG} readings, so a sustained
 * shift is judged against the person as they were, not absorbed before the run rule can see it. Memory is the
 * window plus the lag, whatever the history.
 */
final class PersonalBaseline {
    static final int LAG = 8;

    /** The rule that fired, by its Western Electric number. */
    enum Signal {
        NONE(""),
        BEYOND_3_SIGMA("Western Electric rule 1: beyond 3σ"),
        TWO_OF_THREE_BEYOND_2_SIGMA("Western Electric rule 2: 2 of 3 beyond 2σ"),
        FOUR_OF_FIVE_BEYOND_1_SIGMA("Western Electric rule 3: 4 of 5 beyond 1σ"),
        EIGHT_ON_ONE_SIDE("Western Electric rule 4: 8 in a row on one side");

        final String text;

        Signal(String text) {
            this.text = text;
        }
    }

    private final Measure measure;
    private final int minReadings;
    private final Priority priority;
    private final String key;
    private final DescriptiveStatistics stats;
    private final double[] lag = new double[LAG];
    private final double[] z = new double[LAG];
    private int lagSize;
    private int lagHead;
    private int zSize;
    private int zHead;
    private double mean;
    private double sd;
    private boolean dirty = true;
    private final long minSpacingMs;
    private long lastSample = Long.MIN_VALUE;

    PersonalBaseline(Measure measure, int window, int minReadings, long minSpacingMs, Priority priority) {
        this.measure = measure;
        this.minSpacingMs = minSpacingMs;
        this.minReadings = minReadings;
        this.priority = priority;
        this.key = "baseline/" + measure.key();
        this.stats = new DescriptiveStatistics(window);
    }

    int retained() {
        return (int) stats.getN() + lagSize;
    }

    Signal accept(double v, long at, Observation cause, AlarmBook book, Emitter out) {
        if (lastSample != Long.MIN_VALUE && at - lastSample < minSpacingMs && at >= lastSample) {
            return Signal.NONE; // too close to the last sample to be an independent point
        }
        lastSample = at;
        Signal signal = Signal.NONE;
        if (stats.getN() >= minReadings) {
            if (dirty) {
                mean = stats.getMean();
                // A spread below the measure's resolution is an artefact of identical readings, not precision.
                sd = Math.max(stats.getStandardDeviation(), measure.resolution());
                dirty = false;
            }
            double zv = (v - mean) / sd;
            z[zHead] = zv;
            zHead = (zHead + 1) % LAG;
            zSize = Math.min(zSize + 1, LAG);
            signal = rules();
            if (signal != Signal.NONE) {
                Signal fired = signal;
                book.trigger(key, EventCode.VITAL_SIGN, priority, cause.device(), () -> measure.key() + " "
                        + Text.num(v) + " " + measure.unit() + ": special-cause variation against personal baseline "
                        + Text.num(Math.round(mean * 10) / 10.0) + " ± " + Text.num(Math.round(sd * 10) / 10.0)
                        + " (" + fired.text + ")", cause, AlarmBook.Repeats.LOGARITHMIC, out);
            }
        }
        // The newest readings wait in the lag before they join the baseline.
        if (lagSize == LAG) {
            stats.addValue(lag[lagHead]);
            dirty = true;
        } else {
            lagSize++;
        }
        lag[lagHead] = v;
        lagHead = (lagHead + 1) % LAG;
        return signal;
    }

    /** z of the k-th most recent point, k = 0 the newest. */
    private double recent(int k) {
        return z[Math.floorMod(zHead - 1 - k, LAG)];
    }

    private Signal rules() {
        if (Math.abs(recent(0)) > 3) {
            return Signal.BEYOND_3_SIGMA;
        }
        if (zSize >= 3 && (beyond(3, 2, 2, 1) || beyond(3, 2, 2, -1))) {
            return Signal.TWO_OF_THREE_BEYOND_2_SIGMA;
        }
        if (zSize >= 5 && (beyond(5, 4, 1, 1) || beyond(5, 4, 1, -1))) {
            return Signal.FOUR_OF_FIVE_BEYOND_1_SIGMA;
        }
        if (zSize >= 8 && (beyond(8, 8, 0, 1) || beyond(8, 8, 0, -1))) {
            return Signal.EIGHT_ON_ONE_SIDE;
        }
        return Signal.NONE;
    }

    /** At least {@code need} of the last {@code of} points beyond {@code sigma} on the side {@code sign}, the newest among them. */
    private boolean beyond(int of, int need, double sigma, int sign) {
        if (recent(0) * sign <= sigma) {
            return false;
        }
        int hits = 0;
        for (int k = 0; k < of; k++) {
            if (recent(k) * sign > sigma) {
                hits++;
            }
        }
        return hits >= need;
    }
}
