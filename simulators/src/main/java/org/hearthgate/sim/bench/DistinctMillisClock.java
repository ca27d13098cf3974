package org.hearthgate.sim.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wall clock, but never the same millisecond twice: a fleet sending faster than one reading per millisecond
 * still gives each reading its own device time. InfluxDB keeps one point per series and millisecond (a redelivery
 * overwrites it), so two readings of one device in one millisecond would count as one. It runs ahead of the wall
 * clock by at most the number of calls beyond one per millisecond.
 */
final class DistinctMillisClock extends Clock {
    private final Clock base;
    private final AtomicLong last = new AtomicLong();

    DistinctMillisClock(Clock base) {
        this.base = base;
    }

    @Override
    public Instant instant() {
        long now = base.millis();
        return Instant.ofEpochMilli(last.updateAndGet(prev -> Math.max(now, prev + 1)));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
