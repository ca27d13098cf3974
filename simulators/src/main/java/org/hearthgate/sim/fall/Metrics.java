package org.hearthgate.sim.fall;

import java.util.Collection;
import org.hearthgate.drivers.fall.FallParameters;

/**
 * Trial-level results: a fall trial counts as detected when at least one alarm is raised in it, an ADL trial as a
 * false positive when any is. False alarms per hour count every alarm in ADL trials over the hours of ADL recording.
 */
public record Metrics(int truePositives, int falseNegatives, int trueNegatives, int falsePositives,
        int adlAlarms, double adlHours) {

    /** No trials: the start of a sum. */
    public static final Metrics EMPTY = new Metrics(0, 0, 0, 0, 0, 0);

    /** The counts of two disjoint sets of trials together (e.g. cross-validation folds judged by different rules). */
    public Metrics plus(Metrics o) {
        return new Metrics(truePositives + o.truePositives, falseNegatives + o.falseNegatives,
                trueNegatives + o.trueNegatives, falsePositives + o.falsePositives, adlAlarms + o.adlAlarms,
                adlHours + o.adlHours);
    }

    public static Metrics of(Collection<TrialCandidates> trials, FallParameters p) {
        int tp = 0;
        int fn = 0;
        int tn = 0;
        int fp = 0;
        int alarms = 0;
        double adlSeconds = 0;
        for (TrialCandidates t : trials) {
            int a = t.alarms(p);
            if (t.trial().fall()) {
                if (a > 0) {
                    tp++;
                } else {
                    fn++;
                }
            } else {
                adlSeconds += t.durationS();
                alarms += a;
                if (a > 0) {
                    fp++;
                } else {
                    tn++;
                }
            }
        }
        return new Metrics(tp, fn, tn, fp, alarms, adlSeconds / 3600);
    }

    public int falls() {
        return truePositives + falseNegatives;
    }

    public int adls() {
        return trueNegatives + falsePositives;
    }

    /** NaN when there are no falls (e.g. elderly subjects other than SE06). */
    public double sensitivity() {
        return falls() == 0 ? Double.NaN : (double) truePositives / falls();
    }

    public double specificity() {
        return adls() == 0 ? Double.NaN : (double) trueNegatives / adls();
    }

    public double falseAlarmsPerHour() {
        return adlHours == 0 ? Double.NaN : adlAlarms / adlHours;
    }
}
