package org.hearthgate.drivers.ble;

import java.time.Duration;

/**
 * Reconnect delays: {@code initial}, doubling per failed attempt, capped at {@code max}. Bounded so that a device
 * back in range (a cuff taken out of a drawer) is picked up within {@code max}; the default 2 s .. 60 s keeps the
 * radio mostly idle while still catching a cuff's short advertising window after a measurement.
 */
public record Backoff(Duration initial, Duration max) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

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
