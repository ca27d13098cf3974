package org.hearthgate.sim.fall;

import java.util.ArrayList;
import java.util.List;
import org.hearthgate.drivers.fall.FallParameters;

/**
 * Derives the five rule thresholds from labelled trials by coordinate ascent: each threshold in turn is swept over
 * its grid with the others held, and set to the middle of the widest run of grid values that reach the best score.
 * Taking the middle of the plateau, not its edge, is the max-margin choice: it keeps every threshold as far from the
 * training examples as the data allow, which is what carries over to people the tuner has never seen.
 *
 * <p>The score of a set of trials is {@code sensitivity + 2 x specificity}, averaged over the given sample rates: a
 * false alarm costs a responder's visit and the resident's trust in the device, so it weighs twice a missed
 * (simulated) fall. The objective ({@link Objective#WORST_GROUP}, the default) is the score of the <em>worst</em> of
 * {@link #GROUPS} groups of training subjects: a rule must work for every group of people, not on average, which
 * stops a few typical subjects from outvoting the unusual ones (slouched sitters, soft fallers, people who lie
 * reclined), the very people an unseen subject may resemble.
 */
public final class FallTuner {
    /** The default weight of specificity against sensitivity in the score. */
    public static final double SPECIFICITY_WEIGHT = 2;
    /** Training subjects are dealt round-robin (young first, then elderly) into this many groups. */
    public static final int GROUPS = 4;
    private static final int ROUNDS = 6;

    private static final double[] PEAK = grid(1.4, 3.5, 0.05);
    private static final double[] PRE_TILT = grid(30, 120, 2.5);
    private static final double[] CHANGE = grid(10, 90, 2.5);
    private static final double[] TILT = grid(10, 90, 2.5);
    private static final double[] STD = grid(0.01, 0.40, 0.01);

    /** What the tuner maximises. */
    public enum Objective {
        /** The score over all training trials pooled (the first version of the tuner). */
        POOLED,
        /** The lowest score of {@link #GROUPS} subject groups. */
        WORST_GROUP
    }

    private FallTuner() {
    }

    /** The tuned parameters: {@code fixed}'s filter, trigger and windows with rule thresholds derived from {@code runs}. */
    public static FallParameters tune(List<List<TrialCandidates>> runs, FallParameters fixed) {
        return tune(runs, fixed, SPECIFICITY_WEIGHT, Objective.WORST_GROUP);
    }

    /**
     * As {@link #tune(List, FallParameters)} with another weight of specificity against sensitivity and another
     * objective. Every list in {@code runs} holds the same trials at one sample rate.
     */
    public static FallParameters tune(List<List<TrialCandidates>> runs, FallParameters fixed, double specWeight,
            Objective objective) {
        List<List<List<TrialCandidates>>> groups = new ArrayList<>(); // [group][rate] -> trials
        if (objective == Objective.WORST_GROUP) {
            List<String> subjects = runs.get(0).stream().map(t -> t.trial().subject()).distinct()
                    .sorted(FallTuner::youngFirst).toList();
            int k = Math.min(GROUPS, Math.max(1, subjects.size()));
            for (int g = 0; g < k; g++) {
                final int group = g;
                List<List<TrialCandidates>> perRate = new ArrayList<>();
                for (List<TrialCandidates> run : runs) {
                    perRate.add(run.stream().filter(t -> subjects.indexOf(t.trial().subject()) % k == group).toList());
                }
                groups.add(perRate);
            }
        } else {
            groups.add(runs);
        }
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
                    FallParameters r = rule(fixed, t);
                    double worst = Double.POSITIVE_INFINITY;
                    for (List<List<TrialCandidates>> group : groups) {
                        worst = Math.min(worst, score(group, r, specWeight));
                    }
                    scores[i] = worst;
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

    /** Young subjects (SA..) before elderly ones (SE..), each in name order: the order folds and groups are dealt in. */
    public static int youngFirst(String a, String b) {
        boolean ya = a.startsWith("SA");
        boolean yb = b.startsWith("SA");
        return ya == yb ? a.compareTo(b) : ya ? -1 : 1;
    }

    private static FallParameters rule(FallParameters fixed, double[] v) {
        return fixed.withRule(Math.max(v[0], fixed.triggerG()), v[1], v[2], v[3], v[4]);
    }

    /** The score of one set of trials: mean over the runs (sample rates) of sensitivity + w x specificity. */
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
