package org.hearthgate.sim.fall;

import java.util.List;
import org.hearthgate.drivers.fall.FallParameters;

/**
 * Derives the five rule thresholds from labelled trials by coordinate ascent: each threshold in turn is swept over
 * its grid with the others held, and set to the middle of the widest run of grid values that reach the best score.
 * Taking the middle of the plateau, not its edge, is the max-margin choice: it keeps every threshold as far from the
 * training examples as the data allow, which is what carries over to people the tuner has never seen.
 *
 * <p>The score is {@code sensitivity + 2 x specificity}, averaged over the given sample rates: a false alarm costs a
 * responder's visit and the resident's trust in the device, so it weighs twice a missed (simulated) fall.
 */
public final class FallTuner {
    /** The default weight of specificity against sensitivity in the score. */
    public static final double SPECIFICITY_WEIGHT = 2;
    private static final int ROUNDS = 6;

    private static final double[] PEAK = grid(1.4, 3.5, 0.05);
    private static final double[] PRE_TILT = grid(30, 120, 2.5);
    private static final double[] CHANGE = grid(10, 90, 2.5);
    private static final double[] TILT = grid(10, 90, 2.5);
    private static final double[] STD = grid(0.01, 0.40, 0.01);

    private FallTuner() {
    }

    /** The tuned parameters: {@code fixed}'s filter, trigger and windows with rule thresholds derived from {@code runs}. */
    public static FallParameters tune(List<List<TrialCandidates>> runs, FallParameters fixed) {
        return tune(runs, fixed, SPECIFICITY_WEIGHT);
    }

    /** As {@link #tune(List, FallParameters)} with another weight of specificity against sensitivity. */
    public static FallParameters tune(List<List<TrialCandidates>> runs, FallParameters fixed, double specWeight) {
        // A fixed, documented starting point, so a tuning run does not depend on the file it replaces.
        double[] v = {2.0, 60, 45, 45, 0.15};
        double[][] grids = {PEAK, PRE_TILT, CHANGE, TILT, STD};
        for (int round = 0; round < ROUNDS; round++) {
            boolean changed = false;
            for (int dim = 0; dim < v.length; dim++) {
                double[] g = grids[dim];
                double[] scores = new double[g.length];
                double best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < g.length; i++) {
                    double[] t = v.clone();
                    t[dim] = g[i];
                    scores[i] = score(runs, rule(fixed, t), specWeight);
                    best = Math.max(best, scores[i]);
                }
                double chosen = plateauMiddle(g, scores, best);
                if (chosen != v[dim]) {
                    v[dim] = chosen;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return rule(fixed, v);
    }

    private static FallParameters rule(FallParameters fixed, double[] v) {
        return fixed.withRule(Math.max(v[0], fixed.triggerG()), v[1], v[2], v[3], v[4]);
    }

    /** The objective the tuner maximises. */
    public static double score(List<List<TrialCandidates>> runs, FallParameters p, double specWeight) {
        double s = 0;
        for (List<TrialCandidates> run : runs) {
            Metrics m = Metrics.of(run, p);
            double sens = m.falls() == 0 ? 1 : m.sensitivity();
            double spec = m.adls() == 0 ? 1 : m.specificity();
            s += sens + specWeight * spec;
        }
        return s / runs.size();
    }

    static double plateauMiddle(double[] grid, double[] scores, double best) {
        int bestStart = -1;
        int bestLen = 0;
        int i = 0;
        while (i < grid.length) {
            if (scores[i] == best) {
                int j = i;
                while (j + 1 < grid.length && scores[j + 1] == best) {
                    j++;
                }
                if (j - i + 1 > bestLen) {
                    bestLen = j - i + 1;
                    bestStart = i;
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return grid[bestStart + (bestLen - 1) / 2];
    }

    private static double[] grid(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.round((from + i * step) * 1e6) / 1e6;
        }
        return g;
    }
}
