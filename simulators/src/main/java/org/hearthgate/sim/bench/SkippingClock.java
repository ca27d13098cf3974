package org.hearthgate.sim.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Wall-clock time plus an offset the benchmark moves forward: time flows as usual (timers, debounce and retries
 * work), and {@link #skip} compresses hours of a day into moments, so a 24-hour outage runs in seconds.
 */
final class SkippingClock extends Clock {
    private final Clock base = Clock.systemUTC();
    private volatile long offsetNanos;

    /** A clock {@code offset} from the wall clock (negative: in the past). */
    SkippingClock(Duration offset) {
        this.offsetNanos = offset.toNanos();
    }

    synchronized void skip(Duration by) {
        offsetNanos += by.toNanos();
    }

    @Override
    public Instant instant() {
        return base.instant().plusNanos(offsetNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
