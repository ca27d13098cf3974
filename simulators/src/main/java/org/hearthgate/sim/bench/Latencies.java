package org.hearthgate.sim.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Latencies in nanoseconds, summarised as nearest-rank percentiles in milliseconds. */
record Latencies(long[] sortedNanos) {

    static Latencies of(Collection<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return new Latencies(a);
    }

    int count() {
        return sortedNanos.length;
    }

    /** The p-th percentile (0 < p <= 100) in ms, nearest rank; NaN when there is nothing to rank. */
    double percentileMs(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    double maxMs() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    /** "n/a" when nothing arrived, so a missing figure can never read as a fast one. */
    static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }
}
