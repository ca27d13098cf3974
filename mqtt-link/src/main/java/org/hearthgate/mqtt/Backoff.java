package org.hearthgate.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next connection attempt: exponential from {@code initial}, capped at {@code max}, or at
 * the much shorter {@code urgentMax} while something urgent (an alarm waiting for its receipt) is queued. "Equal
 * jitter": the wait is a random point in the upper half of the step, so a fleet of hubs that lost the broker together
 * does not come back together, and no wait is ever zero.
 */
public record Backoff(Duration initial, Duration max, Duration urgentMax) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30),
            Duration.ofSeconds(2));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || urgentMax.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= urgentMax, max");
        }
    }

    /** The wait before attempt number {@code failures + 1}, after {@code failures} failed attempts in a row. */
    public Duration delay(int failures, boolean urgent, RandomGenerator random) {
        long cap = (urgent ? urgentMax : max).toMillis();
        long step = initial.toMillis() << Math.min(Math.max(failures, 0), 20);
        long ceiling = Math.min(cap, step);
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
