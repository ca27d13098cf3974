package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.obs.BloodGlucose;

/**
 * Joins a Glucose Measurement with the Glucose Measurement Context that follows it (same sequence number), so the
 * meal travels with the reading. GLS sends the context immediately after its measurement, so at most one
 * measurement is ever held. A held measurement is released without a meal when another measurement arrives, when
 * the link drops ({@link #flush}), or when its context is overdue ({@link #expire}): a reading is never lost waiting
 * for its context. Not thread-safe: the driver uses it from its own thread.
 */
public final class GlucoseJoiner {
    /** How long a measurement waits for its context; GLS contexts follow within one connection event. */
    public static final Duration CONTEXT_WAIT = Duration.ofSeconds(5);

    private final Clock clock;
    private BloodGlucose held;
    private Instant heldSince;

    public GlucoseJoiner(Clock clock) {
        this.clock = clock;
    }

    /** A measurement arrived; returns what is ready to forward now. */
    public List<BloodGlucose> measurement(BloodGlucose glucose, boolean contextFollows) {
        List<BloodGlucose> ready = flush();
        if (contextFollows) {
            held = glucose;
            heldSince = clock.instant();
            return ready;
        }
        return concat(ready, glucose);
    }

    /** A context arrived; returns the joined measurement, or nothing when no measurement waits for it. */
    public List<BloodGlucose> context(Decoded.GlucoseContext context) {
        if (held == null || held.sequence() != context.sequence()) {
            return List.of();
        }
        BloodGlucose g = held;
        held = null;
        Optional<String> meal = context.meal();
        return List.of(new BloodGlucose(g.device(), g.at(), g.concentration(), g.sequence(), g.sampleType(),
                g.sampleLocation(), meal.orElse(null), g.quality()));
    }

    /** Releases a held measurement whose context is overdue. */
    public List<BloodGlucose> expire() {
        if (held != null && !clock.instant().isBefore(heldSince.plus(CONTEXT_WAIT))) {
            return flush();
        }
        return List.of();
    }

    /** Releases the held measurement, if any, without a meal. */
    public List<BloodGlucose> flush() {
        if (held == null) {
            return List.of();
        }
        BloodGlucose g = held;
        held = null;
        return List.of(g);
    }

    public boolean holding() {
        return held != null;
    }

    private static List<BloodGlucose> concat(List<BloodGlucose> a, BloodGlucose b) {
        return a.isEmpty() ? List.of(b) : List.of(a.get(0), b);
    }
}
