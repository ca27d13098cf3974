package org.hearthgate.alerts.vitals;

import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.CarePlan.Limit;
import org.hearthgate.contract.obs.Observation;

/**
 * One threshold with a minimum count and duration, and hysteresis. Duration is measured between readings: the
 * condition must hold at a reading at least {@code for} after the first breaching one, with none in between
 * clearing it. A device that stops sending therefore never "holds" a condition it did not measure.
 */
final class LimitRule {
    private final Limit spec;
    private final String key;
    private final long durationMs;
    private long pendingSince = Long.MIN_VALUE;
    private int count;
    private boolean active;

    LimitRule(Limit spec) {
        this.spec = spec;
        this.key = "limit/" + spec.group();
        this.durationMs = spec.duration().toMillis();
    }

    /**
     * The rule for {@code spec} when a new care plan replaces the one {@code previous} belonged to (null: a new limit).
     * The same limit keeps its whole state; a changed one with the same group keeps only whether it is breached, so
     * an open alarm still hears "back within" when the reading recovers, and the next reading is judged by the new
     * limit alone.
     */
    static LimitRule succeeding(Limit spec, LimitRule previous) {
        if (previous == null) {
            return new LimitRule(spec);
        }
        if (previous.spec.equals(spec)) {
            return previous;
        }
        LimitRule r = new LimitRule(spec);
        r.active = previous.active && previous.spec.group().equals(spec.group())
                && previous.spec.measure() == spec.measure();
        return r;
    }

    Limit spec() {
        return spec;
    }

    /** Bits for {@link #accept}'s result. */
    static final int FIRED = 1;
    static final int NOTED = 2;

    /**
     * Judges one reading. {@code said} holds what a worse limit of the same group already said about this reading
     * ({@link #FIRED}, {@link #NOTED}): the group is one alarm, so the lesser limit updates its own state silently.
     */
    int accept(double value, long at, Observation cause, AlarmBook book, Emitter out, int said) {
        boolean breach = spec.comparison().breached(value, spec.limit());
        if (active) {
            if (spec.comparison().cleared(value, spec.limit(), spec.hysteresis())) {
                active = false;
                reset();
                if ((said & NOTED) == 0) {
                    book.note(key, spec.measure().key() + " " + Text.num(value) + " " + spec.measure().unit()
                            + ": back within " + spec.id() + " limit", out);
                }
                return NOTED;
            } else if (breach) {
                if ((said & FIRED) == 0) {
                    book.trigger(key, spec.code(), spec.priority(), cause.device(), () -> summary(value), cause,
                            AlarmBook.Repeats.LOGARITHMIC, out);
                }
                return FIRED;
            }
            // Between the limit and the hysteresis margin: still active, nothing new to say.
            return 0;
        }
        if (!breach) {
            reset();
            return 0;
        }
        if (count == 0) {
            pendingSince = at;
        }
        count++;
        if (count >= spec.count() && at - pendingSince >= durationMs) {
            active = true;
            if ((said & FIRED) == 0) {
                book.trigger(key, spec.code(), spec.priority(), cause.device(), () -> summary(value), cause,
                        AlarmBook.Repeats.LOGARITHMIC, out);
            }
            return FIRED;
        }
        return 0;
    }

    private void reset() {
        count = 0;
        pendingSince = Long.MIN_VALUE;
    }

    private String summary(double value) {
        StringBuilder sb = new StringBuilder(96).append(spec.measure().key()).append(' ').append(Text.num(value))
                .append(' ').append(spec.measure().unit()).append(' ').append(spec.comparison().symbol()).append(' ')
                .append(Text.num(spec.limit()));
        if (durationMs > 0) {
            sb.append(" for ").append(Text.duration(spec.duration()));
        }
        if (spec.count() > 1) {
            sb.append(" in ").append(spec.count()).append(" readings");
        }
        return sb.append(" (").append(spec.id()).append("; ").append(spec.source()).append(')').toString();
    }
}
