package org.hearthgate.alerts.vitals;

import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.plan.Measure;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.Observation;

/**
 * A partial NEWS2 (RCP 2017, reference/anchors.md D.1) from the parameters the home devices give: SpO2 (scale 1
 * or 2), air or oxygen (from the plan), systolic BP, pulse and temperature. Respiration rate and consciousness are
 * rarely measurable at home, so the score is labelled partial and names what it lacks: a partial score can only
 * under-estimate the full one.
 */
public final class News2 {
    /** RCP clinical-risk bands. */
    public enum Band {
        LOW("low", null),
        /** A single parameter scores 3: urgent ward-based response. */
        LOW_MEDIUM("low-medium: a single parameter scores 3", Priority.MEDIUM),
        /** Aggregate 5–6: urgent response. */
        MEDIUM("medium: urgent response", Priority.HIGH),
        /** Aggregate 7 or more: emergency response. */
        HIGH("high: emergency response", Priority.CRITICAL);

        private final String text;
        private final Priority priority;

        Band(String text, Priority priority) {
            this.text = text;
            this.priority = priority;
        }

        public String text() {
            return text;
        }

        public Priority priority() {
            return priority;
        }
    }

    static final String KEY = "news2";
    private static final Measure[] SCORED = {Measure.SPO2, Measure.PULSE, Measure.SYSTOLIC, Measure.TEMPERATURE};

    private final int scale;
    private final boolean oxygen;
    private final long maxAgeMs;
    private final double[] value = new double[Measure.values().length];
    private final long[] at = new long[Measure.values().length];
    private Band lastBand = Band.LOW;

    News2(int scale, boolean oxygen, long maxAgeMs) {
        this.scale = scale;
        this.oxygen = oxygen;
        this.maxAgeMs = maxAgeMs;
        java.util.Arrays.fill(at, Long.MIN_VALUE);
    }

    // ----------------------------------------------------------------------------- the RCP tables, one per parameter

    public static int spo2Scale1(double spo2) {
        if (spo2 <= 91) {
            return 3;
        }
        if (spo2 <= 93) {
            return 2;
        }
        return spo2 <= 95 ? 1 : 0;
    }

    /** Scale 2: 88–92 % scores 0, and so does ≥ 93 % on air; on oxygen, 93–94 = 1, 95–96 = 2, ≥ 97 = 3. */
    public static int spo2Scale2(double spo2, boolean onOxygen) {
        if (spo2 <= 83) {
            return 3;
        }
        if (spo2 <= 85) {
            return 2;
        }
        if (spo2 <= 87) {
            return 1;
        }
        if (spo2 <= 92 || !onOxygen) {
            return 0;
        }
        if (spo2 <= 94) {
            return 1;
        }
        return spo2 <= 96 ? 2 : 3;
    }

    public static int systolic(double sbp) {
        if (sbp <= 90) {
            return 3;
        }
        if (sbp <= 100) {
            return 2;
        }
        if (sbp <= 110) {
            return 1;
        }
        return sbp <= 219 ? 0 : 3;
    }

    public static int pulse(double hr) {
        if (hr <= 40) {
            return 3;
        }
        if (hr <= 50) {
            return 1;
        }
        if (hr <= 90) {
            return 0;
        }
        if (hr <= 110) {
            return 1;
        }
        return hr <= 130 ? 2 : 3;
    }

    /** Temperature in °C; readings come to one decimal, so 36.05 is scored with 36.1 (band edges are 35.0/36.0/38.0/39.0). */
    public static int temperature(double c) {
        double t = Math.round(c * 10) / 10.0;
        if (t <= 35.0) {
            return 3;
        }
        if (t <= 36.0) {
            return 1;
        }
        if (t <= 38.0) {
            return 0;
        }
        return t <= 39.0 ? 1 : 2;
    }

    public static Band band(int total, boolean anyThree) {
        if (total >= 7) {
            return Band.HIGH;
        }
        if (total >= 5) {
            return Band.MEDIUM;
        }
        return anyThree ? Band.LOW_MEDIUM : Band.LOW;
    }

    // ------------------------------------------------------------------------------------------ the running score

    /** Records a reading; measures NEWS2 does not use are ignored. */
    void accept(Measure m, double v, long when, Observation cause, AlarmBook book, Emitter out) {
        switch (m) {
            case SPO2, PULSE, SYSTOLIC, TEMPERATURE -> {
                if (when >= at[m.ordinal()]) {
                    value[m.ordinal()] = v;
                    at[m.ordinal()] = when;
                }
            }
            default -> {
                return;
            }
        }
        evaluate(when, cause, book, out);
    }

    private void evaluate(long now, Observation cause, AlarmBook book, Emitter out) {
        int total = oxygen ? 2 : 0;
        boolean three = false;
        int params = 0;
        for (Measure m : SCORED) {
            int s = score(m, now);
            if (s >= 0) {
                params++;
                total += s;
                three |= s == 3;
            }
        }
        if (params == 0) {
            return;
        }
        Band b = band(total, three);
        int sum = total;
        int n = params;
        if (b == Band.LOW) {
            if (lastBand != Band.LOW) {
                book.note(KEY, "partial NEWS2 " + sum + " (low) from " + n + " of 7 parameters", out);
            }
            lastBand = b;
            return;
        }
        lastBand = b;
        book.trigger(KEY, EventCode.EARLY_WARNING_SCORE, b.priority(), cause.device(), () -> summary(sum, b, n, now),
                cause, AlarmBook.Repeats.LOGARITHMIC, out);
    }

    /** The score of one parameter, or -1 when it has no fresh reading. */
    private int score(Measure m, long now) {
        long t = at[m.ordinal()];
        if (t == Long.MIN_VALUE || now - t > maxAgeMs) {
            return -1;
        }
        double v = value[m.ordinal()];
        return switch (m) {
            case SPO2 -> scale == 2 ? spo2Scale2(v, oxygen) : spo2Scale1(v);
            case PULSE -> pulse(v);
            case SYSTOLIC -> systolic(v);
            default -> temperature(v);
        };
    }

    private String summary(int total, Band b, int params, long now) {
        StringBuilder parts = new StringBuilder(64);
        for (Measure m : SCORED) {
            int s = score(m, now);
            if (s > 0) {
                parts.append(parts.isEmpty() ? "" : ", ").append(m.key()).append(' ')
                        .append(org.hearthgate.alerts.lifecycle.Text.num(value[m.ordinal()])).append('=').append(s);
            }
        }
        return "partial NEWS2 " + total + " (" + b.text() + ") from " + params + " of 7 parameters, SpO2 scale "
                + scale + (oxygen ? ", on oxygen=2" : "") + "; " + parts
                + "; respiration rate and consciousness not measured (RCP NEWS2 2017)";
    }
}
