package org.hearthgate.relay.readings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/** A resident's readings of one type over a time range, downsampled into buckets for the console's charts. */
public interface Trends {

    /** One field's readings inside one bucket. */
    record Summary(double mean, double min, double max, long count) {
    }

    /** One bucket: its start (a multiple of the bucket length since the epoch) and a summary per field. */
    record Point(Instant at, Map<String, Summary> fields) {
    }

    /** The buckets that hold readings, oldest first; {@code unit} is the type's canonical unit. */
    record Trend(String type, String unit, Duration bucket, List<Point> points) {
    }

    /**
     * Readings of {@code type} (a wire observation kind, e.g. {@code bloodPressure}) from {@code from} inclusive to
     * {@code to} exclusive (device time), in at most {@code maxPoints} buckets (see {@link #bucketFor}).
     */
    Trend trend(TenantId tenant, ResidentId resident, String type, Instant from, Instant to, int maxPoints);

    /**
     * The newest reading of any of {@code types} (wire observation kinds, at most a few) measured at or before
     * {@code until}, with its labels (room, place): e.g. the resident's last activity from motion, occupancy and
     * door contacts. One indexed look-up per type, newest first, one row each: never a scan of the history.
     */
    java.util.Optional<StoredReading> latest(TenantId tenant, ResidentId resident, java.util.Set<String> types,
            Instant until);

    /**
     * The bucket length for a range: whole seconds, long enough that the epoch-aligned buckets touching
     * {@code [from, to)} number at most {@code maxPoints}. InfluxDB's {@code GROUP BY time()} aligns to the epoch
     * too, so both stores put a reading in the same bucket.
     */
    static Duration bucketFor(Instant from, Instant to, int maxPoints) {
        if (maxPoints < 2 || maxPoints > 100_000) {
            throw new IllegalArgumentException("maxPoints: between 2 and 100000");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: must be after from");
        }
        long range = to.toEpochMilli() - from.toEpochMilli();
        // aligned buckets of length b touch at most ceil(range / b) + 1 of them
        long ms = Math.ceilDiv(range, maxPoints - 1);
        return Duration.ofSeconds(Math.max(1, Math.ceilDiv(ms, 1000)));
    }
}
