package org.hearthgate.drivers.ble;

import java.time.Duration;

/**
 * Reconnect delays: {@code initial}, doubling per failed attempt, capped at {@code max}. The cap is what matters
 * for health devices: a cuff, meter or scale advertises for only some 30 s after a measurement and then sleeps, so
 * the gap between attempts must stay well inside that window or the reading waits for the next measurement. Each
 * attempt itself listens for the device for the length of an LE connect attempt, so the default 2 s .. 15 s covers
 * the window several times over while leaving the radio free most of the time.
 */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(15));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max, was " + initial + ", " + max);
        }
    }

    /** The delay before attempt {@code failures + 1}, given {@code failures} consecutive failures so far. */
    public Duration delay(int failures) {
        Duration d = initial;
        for (int i = 0; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
