package org.hearthgate.sim.fleet;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.WireCodec;

/**
 * Many simulated hubs in one JVM, each on <b>its own MQTT connection</b> (Paho v5 {@code MqttAsyncClient}), for load
 * and latency measurements against a real broker and relay.
 *
 * <p>Why one connection per hub and not one multiplexed connection: a real fleet is N TCP connections, N MQTT
 * sessions, N client ids and user names, N down-topic subscriptions; the broker's per-connection work (keep-alive,
 * per-session queues, in-flight windows, ACL checks by user name) and the relay's receipts fanned out to N sessions
 * are exactly what a fleet costs, and a multiplexed connection would hide all of it. What keeps it cheap is
 * threading: Paho's three blocking loops per connection run on virtual threads ({@link PahoExecutor}), so a hub costs
 * its socket, Paho's buffers and a few KB of virtual-thread stack (the bench prints the heap per hub it measured)
 * instead of three platform threads. 10,000 hubs fit in one JVM within the default file-descriptor limit of 20,000
 * here (one descriptor per hub).
 */
public final class Fleet implements AutoCloseable {

    /**
     * @param hubPrefix hub ids are {@code hubPrefix-00001}...; the user name is the hub id, the client id
     *                  {@code hub-<id>}, the password random per hub
     * @param inFlight  publishes per hub awaiting their PUBACK at once (the real hub's uplink: 1)
     */
    public record Settings(String brokerUrl, TenantId tenant, String hubPrefix, int hubs, int inFlight,
            boolean resendUntilReceipt) {
        public Settings {
            if (hubs < 1 || inFlight < 1) {
                throw new IllegalArgumentException("hubs and inFlight must be at least 1");
            }
        }

        /** Hubs that send each message once (load), see {@link SimulatedHub}. */
        public Settings(String brokerUrl, TenantId tenant, String hubPrefix, int hubs, int inFlight) {
            this(brokerUrl, tenant, hubPrefix, hubs, inFlight, false);
        }
    }

    /** Connections opened at once: a 10,000-hub connect storm would overflow the broker's listen backlog. */
    private static final int CONNECTING_AT_ONCE = 200;

    private final List<SimulatedHub> hubs;
    private final PahoExecutor executor;
    private final FleetCounters counters;
    private final ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor();

    private Fleet(List<SimulatedHub> hubs, PahoExecutor executor, FleetCounters counters) {
        this.hubs = hubs;
        this.executor = executor;
        this.counters = counters;
    }

    /** Connects every hub and subscribes it to its down topic; fails (closing what it opened) if any cannot. */
    public static Fleet connect(Settings settings, ReceiptListener receipts, Clock clock) {
        PahoExecutor executor = new PahoExecutor();
        FleetCounters counters = new FleetCounters();
        WireCodec codec = new WireCodec();
        SecureRandom random = new SecureRandom();
        List<SimulatedHub> hubs = new ArrayList<>(settings.hubs());
        Fleet fleet = new Fleet(hubs, executor, counters);
        try {
            Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
            List<CompletableFuture<Void>> connected = new ArrayList<>(settings.hubs());
            for (int i = 1; i <= settings.hubs(); i++) {
                HubId id = HubId.of("%s-%05d".formatted(settings.hubPrefix(), i));
                SimulatedHub hub = new SimulatedHub(settings.tenant(), id, settings.brokerUrl(), settings.inFlight(),
                        executor, codec, clock, counters, receipts, settings.resendUntilReceipt());
                hubs.add(hub);
                byte[] secret = new byte[12];
                random.nextBytes(secret);
                connecting.acquire();
                connected.add(hub.connect(HexFormat.of().formatHex(secret).toCharArray())
                        .whenComplete((ok, e) -> connecting.release()));
            }
            CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            return fleet;
        } catch (MqttException | java.util.concurrent.ExecutionException | TimeoutException e) {
            long failed = hubs.stream().filter(h -> !h.isConnected()).count();
            fleet.close();
            throw new IllegalStateException(failed + " of " + settings.hubs() + " hubs could not connect to "
                    + settings.brokerUrl() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fleet.close();
            throw new IllegalStateException("interrupted while connecting the fleet", e);
        }
    }

    public List<SimulatedHub> hubs() {
        return hubs;
    }

    public FleetCounters.Snapshot counters() {
        return counters.snapshot();
    }

    public long connectedHubs() {
        return hubs.stream().filter(SimulatedHub::isConnected).count();
    }

    /**
     * Sends {@code total} readings as fast as the broker takes them, spread evenly over the hubs, each hub on its own
     * virtual thread within its in-flight window. Returns when every reading has been handed to its connection
     * (not when acknowledged: see {@link #awaitPubacks}).
     */
    public void sendReadings(long total) throws InterruptedException {
        List<CompletableFuture<Void>> done = new ArrayList<>(hubs.size());
        for (int i = 0; i < hubs.size(); i++) {
            SimulatedHub hub = hubs.get(i);
            long share = total / hubs.size() + (i < total % hubs.size() ? 1 : 0);
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    for (long n = 0; n < share; n++) {
                        hub.sendReading();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, drivers));
        }
        join(done);
    }

    /**
     * Sends readings at {@code perSecond} in all, for {@code duration}: each hub on its own virtual thread at
     * {@code perSecond / hubs} with a random phase (seeded), so the load is smooth rather than in bursts.
     */
    public void paceReadings(double perSecond, Duration duration, long seed) throws InterruptedException {
        Random random = new Random(seed);
        long periodNanos = (long) (hubs.size() * 1e9 / perSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Void>> done = new ArrayList<>(hubs.size());
        for (SimulatedHub hub : hubs) {
            long first = start + (long) (random.nextDouble() * periodNanos);
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    for (long due = first; due < end; due += periodNanos) {
                        parkUntil(due);
                        hub.sendReading();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, drivers));
        }
        join(done);
    }

    /** Every hub sends one heartbeat (announcing the next in {@code intervalS}); returns when all are handed over. */
    public void heartbeatAll(int intervalS) throws InterruptedException {
        List<CompletableFuture<Void>> done = new ArrayList<>(hubs.size());
        for (SimulatedHub hub : hubs) {
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    hub.heartbeat(intervalS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, drivers));
        }
        join(done);
    }

    /**
     * Every hub heartbeats now and then every {@code intervalS} seconds (announcing that interval, so the relay's
     * supervision expects them), until the fleet is closed.
     */
    public void startHeartbeats(int intervalS) {
        drivers.execute(() -> {
            try {
                for (long due = System.nanoTime(); ; due += TimeUnit.SECONDS.toNanos(intervalS)) {
                    parkUntil(due);
                    heartbeatAll(intervalS);
                }
            } catch (InterruptedException e) {
                // the fleet is closing
            }
        });
    }

    /**
     * Resend mode: every {@code every}, each hub sends again what has waited longer than {@code after} for its
     * receipt, until the fleet is closed.
     */
    public void startResending(Duration every, Duration after) {
        drivers.execute(() -> {
            try {
                for (long due = System.nanoTime(); ; due += every.toNanos()) {
                    parkUntil(due);
                    for (SimulatedHub hub : hubs) {
                        hub.resendDue(after.toNanos());
                    }
                }
            } catch (InterruptedException e) {
                // the fleet is closing
            }
        });
    }

    /** Messages the fleet's hubs hold without a receipt (resend mode). */
    public long unreceipted() {
        return hubs.stream().mapToLong(SimulatedHub::unreceipted).sum();
    }

    /** Waits until the broker has acknowledged (or refused) every publish so far; false on timeout. */
    public boolean awaitPubacks(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counters.snapshot().unacknowledged() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /** Parks the calling (virtual) thread until {@link System#nanoTime()} reaches {@code due}: the fleet's pacing. */
    public static void parkUntil(long due) throws InterruptedException {
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static void join(List<CompletableFuture<Void>> all) throws InterruptedException {
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        drivers.shutdownNow();
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SimulatedHub hub : hubs) {
                closing.execute(hub::close);
            }
        }
        executor.shutdownNow();
    }
}
