package org.hearthgate.sim.fleet;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * The one executor every simulated hub's Paho client shares. Paho runs three blocking loops per connection (socket
 * reader, socket writer, callback dispatcher) through {@code submit}/{@code execute}: those get a virtual thread
 * each, so 10,000 connections cost 30,000 virtual threads (a few KB each) instead of 30,000 platform threads (a
 * stack each). Keep-alive pings are {@code schedule}d and run briefly on one platform thread.
 *
 * <p>Paho's loops wait inside {@code synchronized}: from JDK 24 on (JEP 491) that no longer pins a carrier thread.
 * On JDK 21 to 23 it would, and a few hundred hubs could starve the carriers, so there the loops get platform
 * threads with small stacks instead (fine for hundreds of hubs, not for 10,000).
 */
final class PahoExecutor extends ScheduledThreadPoolExecutor {
    static final boolean VIRTUAL = Runtime.version().feature() >= 24;

    private final ExecutorService loops;

    PahoExecutor() {
        super(1, daemon("fleet-ping"));
        ThreadFactory factory = VIRTUAL ? Thread.ofVirtual().name("fleet-hub-", 0).factory()
                : Thread.ofPlatform().daemon().stackSize(256 * 1024).name("fleet-hub-", 0).factory();
        this.loops = Executors.newThreadPerTaskExecutor(factory);
    }

    private static ThreadFactory daemon(String name) {
        return Thread.ofPlatform().daemon().name(name).factory();
    }

    @Override
    public void execute(Runnable command) {
        loops.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return loops.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return loops.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return loops.submit(task);
    }

    @Override
    public void shutdown() {
        super.shutdown();
        loops.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        loops.shutdownNow();
        return super.shutdownNow();
    }
}
