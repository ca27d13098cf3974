package org.hearthgate.drivers.ble;

import org.hearthgate.contract.ManualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A deterministic {@link Scheduler} for tests: tasks run on the test thread, in order; delayed tasks run when the
 * test calls {@link #advance}, which also moves the {@link ManualClock}. No sleeping, no races.
 */
final class ManualScheduler implements Scheduler {
    private record Delayed(Instant due, long order, Runnable task) {
    }

    private final ManualClock clock;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final List<Delayed> delayed = new ArrayList<>();
    private final List<Duration> requestedDelays = new ArrayList<>();
    private long order;
    private boolean draining;
    private boolean closed;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public void execute(Runnable task) {
        if (closed) {
            return;
        }
        queue.add(task);
        drain();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Runnable next;
            while ((next = queue.poll()) != null) {
                next.run();
            }
        } finally {
            draining = false;
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        requestedDelays.add(delay);
        Delayed d = new Delayed(clock.instant().plus(delay), order++, task);
        delayed.add(d);
        return () -> delayed.remove(d);
    }

    /** Moves time on by {@code step}, running each delayed task when its time comes. */
    void advance(Duration step) {
        Instant end = clock.instant().plus(step);
        while (true) {
            Delayed next = delayed.stream().filter(d -> !d.due().isAfter(end))
                    .min(Comparator.comparing(Delayed::due).thenComparing(Delayed::order)).orElse(null);
            if (next == null) {
                break;
            }
            delayed.remove(next);
            if (next.due().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next.due()));
            }
            execute(next.task());
        }
        clock.advance(Duration.between(clock.instant(), end));
    }

    List<Duration> requestedDelays() {
        return requestedDelays;
    }

    int pendingDelayed() {
        return delayed.size();
    }

    @Override
    public void close() {
        closed = true;
    }
}
