package org.hearthgate.drivers.gpio;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Software debounce for one input, on injected time (the Pi4J mock ignores its own debounce, and kernel debounce
 * is not available on every GPIO chip).
 *
 * <p>Leading edge plus settle: an edge after a quiet line (no edge for {@code window}) is reported at once, so an
 * alarm never waits for the debounce window; edges inside a burst are swallowed; once the line has been quiet for
 * {@code window} the settled level is compared with the last reported one and a difference is reported, so the final
 * state of a burst is never lost. A bouncing contact therefore yields exactly one report per real change.
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
final class Debouncer {
    private final Duration window;
    /** Null until the level is first known (some providers cannot read it at start). */
    private Boolean reportedActive;
    private Instant lastEdge;
    private boolean settlePending;
    private Instant burstStart;

    /** @param initiallyActive the level at start, or null when it could not be read */
    Debouncer(Duration window, Boolean initiallyActive) {
        this.window = window;
        this.reportedActive = initiallyActive;
    }

    /** An edge to {@code active} at {@code now}; returns the level to report, if any. */
    Optional<Boolean> edge(boolean active, Instant now) {
        boolean quiet = lastEdge == null || !now.isBefore(lastEdge.plus(window));
        lastEdge = now;
        if (quiet) {
            burstStart = now;
        }
        if (quiet && !Boolean.valueOf(active).equals(reportedActive)) {
            reportedActive = active;
            settlePending = false;
            return Optional.of(active);
        }
        // Inside a burst, or a repeat of the level already reported: decide when the line is quiet again.
        settlePending = !window.isZero();
        return Optional.empty();
    }

    /** The line reads {@code active} at {@code now}; reports the settled level if it differs from the last report. */
    Optional<Boolean> settle(boolean active, Instant now) {
        if (!settlePending || now.isBefore(lastEdge.plus(window))) {
            return Optional.empty();
        }
        settlePending = false;
        if (Boolean.valueOf(active).equals(reportedActive)) {
            return Optional.empty();
        }
        reportedActive = active;
        return Optional.of(active);
    }

    /**
     * How long the current burst has lasted at {@code now}: the time since the first edge after a quiet line, while
     * the line has not been quiet since. Zero when the line is quiet.
     */
    Duration burstLength(Instant now) {
        if (burstStart == null || lastEdge == null || !now.isBefore(lastEdge.plus(window)) || window.isZero()) {
            return Duration.ZERO;
        }
        return Duration.between(burstStart, now);
    }

    boolean settlePending() {
        return settlePending;
    }

    /** When the pending settle may be decided; meaningful only while {@link #settlePending()}. */
    Instant settleDueAt() {
        return lastEdge.plus(window);
    }

    /** The last level reported, or null while none is known. */
    Boolean reportedActive() {
        return reportedActive;
    }
}
