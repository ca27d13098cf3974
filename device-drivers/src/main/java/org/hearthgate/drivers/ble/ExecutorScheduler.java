package org.hearthgate.drivers.ble;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production {@link Scheduler}: one daemon thread per driver, named after it. */
public final class ExecutorScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    public ExecutorScheduler(String threadName) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // On close, queued work (the driver's own shutdown task) still runs; delayed retries do not.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("task after close ignored");
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        try {
            ScheduledFuture<?> f = executor.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    /** A task that throws must not kill the driver's only thread. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("driver task failed", e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
