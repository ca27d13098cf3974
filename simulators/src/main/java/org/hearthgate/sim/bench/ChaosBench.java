package org.hearthgate.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.hearthgate.contract.TenantId;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.Fleet;
import org.hearthgate.sim.fleet.ReceiptListener;
import org.hearthgate.sim.fleet.SimulatedHub;

/**
 * {@code ./hearthgate bench chaos}: faults under load. A fleet of simulated hubs in resend-until-receipt mode (they
 * hold every reading and alarm until the relay's receipt names it, and reconnect by themselves, as the real hub does)
 * streams readings and raises alarms, one of them through a {@link CutProxy} (its home network), against Mosquitto
 * with persistence and the relay as its own process. Each round, spread over the run: the relay is killed with
 * {@code kill -9} and started again on the same store; Mosquitto is killed and started again on the same port and
 * persistence directory; the proxied hub's network is cut and restored. After the load the bench waits for every
 * receipt, then checks: every alarm raised is in the console's alarm list once and no alarm was announced twice on
 * the console's WebSocket; every distinct reading sent is stored exactly once ({@code count(*)}).
 */
public final class ChaosBench {

    public record Params(int homes, double rate, int alarms, int rounds, Duration duration, Duration maxDrain) {
        public static final Params DEFAULTS = new Params(200, 200, 60, 3, Duration.ofSeconds(120),
                Duration.ofSeconds(300));

        public Params {
            if (homes < 1 || rate <= 0 || alarms < 1 || alarms > 190 || rounds < 1 || duration.isNegative()
                    || duration.isZero() || maxDrain.isNegative()) {
                throw new IllegalArgumentException("homes, rate, rounds and duration must be positive, alarms "
                        + "1..190 (the console lists 200)");
            }
        }
    }

    private static final TenantId TENANT = TenantId.of("bench");
    private static final Duration FAULT_LENGTH = Duration.ofSeconds(3);

    private final Params params;
    private final PrintWriter out;
    private final Clock clock;
    private final List<SimulatedHub.SentAlarm> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> announced = new ConcurrentHashMap<>();
    private final List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());

    public ChaosBench(Params params, PrintWriter out, Clock clock) {
        this.params = params;
        this.out = out;
        this.clock = clock;
    }

    public int run() throws Exception {
        out.println("Hearthgate chaos benchmark");
        out.println("machine:    " + Machine.here().describe());
        out.printf(Locale.ROOT, "parameters: %d homes (resend until receipt) + 1 behind a cut-able proxy, %.0f "
                + "readings/s in all, %d alarms, over %d s; %d rounds of: relay kill -9 and restart, Mosquitto kill -9 "
                + "and restart (persistence on), the proxied home's network cut for %d s; then up to %d s for "
                + "receipts (options: --homes --rate --alarms --rounds --duration --max-drain)%n", params.homes(),
                params.rate(), params.alarms(), params.duration().toSeconds(), params.rounds(),
                FAULT_LENGTH.toSeconds(), params.maxDrain().toSeconds());
        out.flush();
        Path dir = Rig.tempDir("chaos");
        int port = Broker.freePort();
        AtomicReference<MosquittoBroker> broker = new AtomicReference<>(MosquittoBroker.start(port,
                java.nio.file.Files.createDirectories(dir.resolve("mosquitto"))));
        try (CutProxy network = new CutProxy(Broker.freePort(), port);
                Fleet homes = Fleet.connect(new Fleet.Settings(broker.get().url(), TENANT, "home", params.homes(), 1,
                        true), ReceiptListener.NONE, clock);
                Fleet cutHome = connectThrough(network);
                RelayProcess relay = RelayProcess.start(dir.resolve("relay"), broker.get().url(), TENANT,
                        Stream.concat(homes.hubs().stream(), cutHome.hubs().stream()).map(SimulatedHub::id)
                                .toList())) {
            AtomicReference<ConsoleClient> console = new AtomicReference<>(relay.console(Duration.ofSeconds(60))
                    .follow());
            Rig.awaitIngesting(homes.hubs().getFirst(), console.get(), Duration.ofSeconds(60));
            homes.startResending(Duration.ofMillis(500), Duration.ofSeconds(5));
            cutHome.startResending(Duration.ofMillis(500), Duration.ofSeconds(5));
            Thread watcher = Thread.ofPlatform().daemon().name("bench-console").start(() -> watch(console));

            long start = System.nanoTime();
            List<SimulatedHub> alarmers = Stream.concat(cutHome.hubs().stream(), homes.hubs().stream()).toList();
            Thread alarms = Thread.ofVirtual().start(() -> raiseAlarms(start, alarmers));
            Thread chaos = Thread.ofVirtual().start(() -> inflict(start, relay, broker, port, dir, network,
                    console));
            Thread cutLoad = Thread.ofVirtual().start(() -> {
                try {
                    cutHome.paceReadings(Math.max(0.5, params.rate() / (params.homes() + 1)), params.duration(), 7);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            homes.paceReadings(params.rate() * params.homes() / (params.homes() + 1), params.duration(), 42);
            alarms.join();
            cutLoad.join();
            chaos.join();
            double loadS = (System.nanoTime() - start) / 1e9;

            long readingsSent = homes.counters().readingsSent() + cutHome.counters().readingsSent();
            long drainStart = System.nanoTime();
            long drainEnd = drainStart + params.maxDrain().toNanos();
            while (homes.unreceipted() + cutHome.unreceipted() > 0 && System.nanoTime() < drainEnd) {
                Fleet.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
            }
            long unreceipted = homes.unreceipted() + cutHome.unreceipted();
            // Settle: what is stored twice shows after the last receipt.
            long stored = Rig.readings(console.get());
            for (long last = -1; stored != last; ) {
                last = stored;
                Fleet.parkUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
                stored = Rig.readings(console.get());
            }
            double drainS = (System.nanoTime() - drainStart) / 1e9;
            JsonNode listed = console.get().get("/api/alarms?open=false");
            JsonNode metrics = console.get().get("/api/metrics");
            watcher.interrupt();
            console.get().close();
            return report(readingsSent, stored, unreceipted, listed, metrics, loadS, drainS, homes, cutHome);
        } finally {
            broker.get().close();
            Rig.deleteTree(dir);
        }
    }

    private Fleet connectThrough(CutProxy network) {
        network.open();
        return Fleet.connect(new Fleet.Settings(network.url(), TENANT, "cut-home", 1, 1, true), ReceiptListener.NONE,
                clock);
    }

    private void raiseAlarms(long start, List<SimulatedHub> hubs) {
        double spacing = (double) params.duration().toNanos() / params.alarms();
        try {
            for (int k = 0; k < params.alarms(); k++) {
                Fleet.parkUntil(start + (long) ((k + 0.5) * spacing));
                SimulatedHub hub = hubs.get(k % hubs.size());
                Thread.ofVirtual().start(() -> {
                    try {
                        sent.add(hub.raiseAlarm());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The faults, in turn, evenly over the run; each lasts {@link #FAULT_LENGTH}. */
    private void inflict(long start, RelayProcess relay, AtomicReference<MosquittoBroker> broker, int port, Path dir,
            CutProxy network, AtomicReference<ConsoleClient> console) {
        int steps = 3 * params.rounds();
        double spacing = (double) params.duration().toNanos() / (steps + 1);
        try {
            for (int k = 0; k < steps; k++) {
                Fleet.parkUntil(start + (long) ((k + 1) * spacing));
                long at = System.nanoTime();
                switch (k % 3) {
                    case 0 -> {
                        relay.killAndRestart();
                        ConsoleClient fresh = relay.console(Duration.ofSeconds(120));
                        fresh.follow();
                        console.getAndSet(fresh).close();
                        faults.add(String.format(Locale.ROOT, "%6.1f s  relay kill -9, console back after %.1f s",
                                (at - start) / 1e9, (System.nanoTime() - at) / 1e9));
                    }
                    case 1 -> {
                        broker.get().kill();
                        Fleet.parkUntil(System.nanoTime() + FAULT_LENGTH.toNanos());
                        broker.set(MosquittoBroker.start(port, dir.resolve("mosquitto")));
                        faults.add(String.format(Locale.ROOT, "%6.1f s  Mosquitto kill -9, restarted after %.1f s",
                                (at - start) / 1e9, (System.nanoTime() - at) / 1e9));
                    }
                    default -> {
                        network.cut();
                        Fleet.parkUntil(System.nanoTime() + FAULT_LENGTH.toNanos());
                        network.open();
                        faults.add(String.format(Locale.ROOT, "%6.1f s  home network cut, restored after %.1f s",
                                (at - start) / 1e9, (System.nanoTime() - at) / 1e9));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            faults.add("FAULT INJECTION FAILED: " + e);
        }
    }

    /** Counts alarm.received announcements per alarm, across the relay's restarts (a new console each time). */
    private void watch(AtomicReference<ConsoleClient> console) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                JsonNode e = console.get().nextEvent("alarm.received", Duration.ofMillis(100));
                if (e != null) {
                    announced.merge(e.path("data").path("alarm").path("id").asText(), 1, Integer::sum);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the console in use was just replaced: read from the new one
            }
        }
    }

    private int report(long readingsSent, long stored, long unreceipted, JsonNode listed, JsonNode metrics,
            double loadS, double drainS, Fleet homes, Fleet cutHome) {
        Map<String, Integer> inList = new HashMap<>();
        for (JsonNode a : listed) {
            inList.merge(a.path("id").asText(), 1, Integer::sum);
        }
        Set<String> ours = ConcurrentHashMap.newKeySet();
        synchronized (sent) {
            sent.forEach(a -> ours.add(a.alarm().value()));
        }
        long shown = ours.stream().filter(inList::containsKey).count();
        long listedTwice = ours.stream().filter(id -> inList.getOrDefault(id, 0) > 1).count();
        long announcedTwice = ours.stream().filter(id -> announced.getOrDefault(id, 0) > 1).count();
        long announcedOnce = ours.stream().filter(id -> announced.getOrDefault(id, 0) >= 1).count();
        long lost = Math.max(0, readingsSent - stored);
        long duplicateRows = Math.max(0, stored - readingsSent);
        var h = homes.counters();
        var c = cutHome.counters();
        out.println();
        out.println("faults:");
        faults.forEach(f -> out.println("  " + f));
        out.println();
        out.println("                                    sent      stored/shown");
        out.printf(Locale.ROOT, "%-30s %10d %12d%n", "readings", readingsSent, stored);
        out.printf(Locale.ROOT, "%-30s %10d %12d (in the console's list; %d announced live on the WebSocket)%n",
                "alarms", sent.size(), shown, announcedOnce);
        out.printf(Locale.ROOT, "load %.1f s, then %.1f s until every message was receipted and the store held "
                + "still; %d messages still unreceipted%n", loadS, drainS, unreceipted);
        out.printf(Locale.ROOT, "fleet: %d resends, %d reconnects, %d connections lost, %d failed publishes%n",
                h.resends() + c.resends(), h.reconnects() + c.reconnects(), h.connectionsLost() + c.connectionsLost(),
                h.publishFailures() + c.publishFailures());
        out.println("(a live announcement is missed when it happens while the bench's console reconnects after a "
                + "relay kill: the console's list is what counts as shown)");
        if (shown < sent.size()) {
            out.println("MISSING: " + (sent.size() - shown) + " alarm(s) never reached the console");
        }
        if (lost > 0) {
            out.println("LOST: " + lost + " readings never stored");
        }
        if (listedTwice + announcedTwice + duplicateRows > 0) {
            out.println("DUPLICATES: " + listedTwice + " alarm(s) listed twice, " + announcedTwice + " announced "
                    + "twice, " + duplicateRows + " reading rows beyond the distinct readings sent");
        }
        out.println("relay /api/metrics at the end: " + metrics);
        out.println();
        out.println("alarms-raised: " + sent.size());
        out.println("alarms-shown: " + shown);
        out.println("lost: " + lost);
        out.println("duplicates: " + (listedTwice + announcedTwice + duplicateRows));
        out.flush();
        boolean faultFailed = faults.stream().anyMatch(f -> f.startsWith("FAULT"));
        return shown < sent.size() || lost > 0 || listedTwice + announcedTwice + duplicateRows > 0
                || sent.size() < params.alarms() || faultFailed ? 1 : 0;
    }
}
