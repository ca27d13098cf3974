package org.hearthgate.alerts.vitals;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.Observation;

/**
 * Heart-failure fluid gain: a least-squares line through the weights of the window (ESC 2021: act on > 2 kg in
 * 3 days). A regression rather than first-versus-last, so one heavy-coat reading does not call anyone, and the gain
 * is the fitted change over the span actually measured, never extrapolated beyond it.
 */
final class WeightTrend {
    static final String KEY = "weight-gain";
    /** Enough for several weighings a day over a 14-day window; older points fall out of the ring. */
    private static final int CAPACITY = 64;
    private static final double DAY_MS = 86_400_000.0;

    private final CarePlan.WeightGain spec;
    private final long windowMs;
    private final long[] at = new long[CAPACITY];
    private final double[] kg = new double[CAPACITY];
    private final SimpleRegression regression = new SimpleRegression();
    private int size;
    private int head;
    private boolean raised;

    WeightTrend(CarePlan.WeightGain spec) {
        this.spec = spec;
        this.windowMs = spec.window().toMillis();
    }

    int retained() {
        return size;
    }

    void accept(double weight, long when, Observation cause, AlarmBook book, Emitter out) {
        at[head] = when;
        kg[head] = weight;
        head = (head + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
        regression.clear();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            if (at[i] <= when && when - at[i] <= windowMs) {
                regression.addData((at[i] - when) / DAY_MS, kg[i]);
                first = Math.min(first, at[i]);
                last = Math.max(last, at[i]);
            }
        }
        // Three weighings over at least half the window before a line means anything: one heavy-coat reading the
        // day after another is an outlier, not a trend.
        if (regression.getN() < 3 || last - first < windowMs / 2) {
            return;
        }
        double gain = regression.getSlope() * (last - first) / DAY_MS;
        if (gain > spec.kilograms()) {
            raised = true;
            long firstAt = first;
            long lastAt = last;
            long n = regression.getN();
            book.trigger(KEY, EventCode.VITAL_SIGN, spec.priority(), cause.device(), () -> "weight up "
                    + Text.num(Math.round(gain * 10) / 10.0) + " kg over " + Text.num(Math.round((lastAt - firstAt) / DAY_MS * 10) / 10.0)
                    + " days by regression (" + n + " weighings) > " + Text.num(spec.kilograms())
                    + " kg in " + Text.duration(spec.window()) + ": possible fluid retention (ESC heart failure 2021)",
                    cause, AlarmBook.Repeats.LOGARITHMIC, out);
        } else if (raised) {
            raised = false;
            book.note(KEY, "weight trend back to " + Text.num(Math.round(gain * 10) / 10.0) + " kg over the window", out);
        }
    }
}
