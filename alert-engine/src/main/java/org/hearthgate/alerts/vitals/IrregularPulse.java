package org.hearthgate.alerts.vitals;

import org.hearthgate.alerts.lifecycle.AlarmBook;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Quality;

/**
 * The cuff's irregular-pulse flag in {@code count} of the last {@code of} readings: possible atrial fibrillation,
 * and a cuff reading that should be checked by palpation (NICE NG136 1.1.2). The history is a bit mask.
 */
final class IrregularPulse {
    static final String KEY = "irregular-pulse";

    private final CarePlan.IrregularPulse spec;
    private long bits;
    private int seen;

    IrregularPulse(CarePlan.IrregularPulse spec) {
        this.spec = spec;
    }

    void accept(BloodPressure bp, AlarmBook book, Emitter out) {
        long mask = spec.of() == 64 ? -1L : (1L << spec.of()) - 1;
        bits = ((bits << 1) | (bp.quality().contains(Quality.IRREGULAR_PULSE) ? 1 : 0)) & mask;
        seen = Math.min(seen + 1, spec.of());
        int flagged = Long.bitCount(bits);
        int of = seen;
        if (flagged >= spec.count()) {
            book.trigger(KEY, EventCode.VITAL_SIGN, spec.priority(), bp.device(), () -> "cuff flagged an irregular pulse in "
                    + flagged + " of the last " + of + " readings: possible AF, check the pulse by hand (NICE NG136 1.1.2)",
                    bp, AlarmBook.Repeats.LOGARITHMIC, out);
        }
    }
}
