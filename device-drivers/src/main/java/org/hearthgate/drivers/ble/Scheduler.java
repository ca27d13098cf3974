package org.hearthgate.drivers.ble;

import java.time.Duration;

/**
 * A serial executor with delays: every task of one driver runs on one thread, in order, so the driver's state needs
 * no locks (the role Vert.x contexts play in the cloud). Tests use a manual implementation that runs delayed
 * tasks when the test moves time on, instead of sleeping.
 */
public interface Scheduler extends AutoCloseable {

    void execute(Runnable task);

    /** Runs {@code task} after {@code delay}; the returned handle cancels it if it has not run. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Stops running tasks; never throws. */
    @Override
    void close();

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
