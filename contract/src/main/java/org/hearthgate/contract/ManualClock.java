package org.hearthgate.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that is moved by hand: tests move it instead of sleeping, and replays and benchmarks move it along the
 * timestamps of recorded data. UTC unless a zone is given (a hub sets a device's clock to local time). Thread-safe.
 */
public final class ManualClock extends Clock {
    private final ZoneId zone;
    private volatile Instant now;

    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    public ManualClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    public static ManualClock at(String isoInstant) {
        return new ManualClock(Instant.parse(isoInstant));
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    public void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    public void set(Instant to) {
        now = to;
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Without allocating: the alert engine reads the clock on every observation. */
    @Override
    public long millis() {
        return now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Returns this clock: a manual clock is one timeline, whatever zone a caller asks for. */
    @Override
    public Clock withZone(ZoneId other) {
        return this;
    }
}
