package org.hearthgate.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.Fleet;
import org.hearthgate.sim.fleet.ReceiptListener;
import org.hearthgate.sim.fleet.SimulatedHub;

/**
 * {@code ./hearthgate bench alarm-latency}: how long an alarm takes to reach a responder's console and to come back
 * to its hub as a receipt, while the fleet streams readings. Reading hubs send {@code rate} readings/s in all for
 * {@code duration}; alarm hubs (a separate group that sends no readings, so no alarm waits in its own hub's window)
 * raise {@code alarms} pendant alarms spread evenly, with seeded jitter, over the same time; every hub heartbeats
 * each minute, as the relay's supervision expects. Each alarm is timed from
 * just before its publish to (a) the console's WebSocket {@code alarm.received} event naming its alarm id and (b) the
 * receipt naming its message id at the hub. After the run the bench waits up to {@code drain} for stragglers; an
 * alarm that never arrives is reported as missing, and the command then exits with status 1.
 */
public final class AlarmLatencyBench {

    public record Params(int hubs, int alarmHubs, double rate, int alarms, Duration duration, Duration drain,
            int inFlight, long seed) {
        public static final Params DEFAULTS = new Params(1_000, 20, 1_000, 200, Duration.ofSeconds(60),
                Duration.ofSeconds(300), 1, 42);

        public Params {
            if (hubs < 1 || alarmHubs < 1 || rate <= 0 || alarms < 1 || inFlight < 1) {
                throw new IllegalArgumentException("hubs, alarm hubs, rate, alarms and in-flight must be positive");
            }
            if (duration.isNegative() || duration.isZero() || drain.isNegative()) {
                throw new IllegalArgumentException("duration must be positive and drain not negative");
            }
        }
    }

    private static final TenantId TENANT = TenantId.of("bench");
    private static final int HEARTBEAT_S = 60;

    private final Params params;
    private final PrintWriter out;
    private final Clock clock;
    /** Arrival times ({@link System#nanoTime()}) of every receipt reference and every console alarm, by id. */
    private final Map<MessageId, Long> receiptArrivals = new ConcurrentHashMap<>();
    private final Map<String, Long> consoleArrivals = new ConcurrentHashMap<>();
    private final List<SimulatedHub.SentAlarm> sent = java.util.Collections.synchronizedList(new ArrayList<>());

    public AlarmLatencyBench(Params params, PrintWriter out, Clock clock) {
        this.params = params;
        this.out = out;
        this.clock = clock;
    }

    public int run() throws Exception {
        out.println("Hearthgate alarm latency benchmark");
        out.println("machine:    " + Machine.here().describe());
        out.printf(Locale.ROOT, "parameters: %d reading hubs at %.0f readings/s in all, %d alarms from %d alarm "
                + "hubs, over %d s, then up to %d s for stragglers; %d publish(es) in flight per hub, QoS 1, seed "
                + "%d (options: --hubs --alarm-hubs --rate --alarms --duration --drain --in-flight --seed)%n",
                params.hubs(), params.rate(), params.alarms(), params.alarmHubs(), params.duration().toSeconds(),
                params.drain().toSeconds(), params.inFlight(), params.seed());
        out.flush();
        Path dir = Rig.tempDir("alarm-latency");
        long expected = (long) (params.rate() * params.duration().toSeconds()) + params.alarms()
                + 10L * (params.hubs() + params.alarmHubs());
        ReceiptListener onReceipt = (hub, refs, nanos) -> refs.forEach(r -> receiptArrivals.putIfAbsent(r, nanos));
        try (MosquittoBroker broker = BenchBroker.start(dir.resolve("mosquitto"), expected);
                Fleet readers = Fleet.connect(new Fleet.Settings(broker.url(), TENANT, "hub", params.hubs(),
                        params.inFlight()), onReceipt, clock);
                Fleet alarmers = Fleet.connect(new Fleet.Settings(broker.url(), TENANT, "alarm-hub",
                        params.alarmHubs(), params.inFlight()), onReceipt, clock);
                RelayProcess relay = RelayProcess.start(dir.resolve("relay"), broker.url(), TENANT,
                        java.util.stream.Stream.concat(readers.hubs().stream(), alarmers.hubs().stream())
                                .map(SimulatedHub::id).toList());
                ConsoleClient console = relay.console(Duration.ofSeconds(60))) {
            console.follow();
            Rig.awaitIngesting(alarmers.hubs().getFirst(), console, Duration.ofSeconds(60));
            AtomicBoolean listening = new AtomicBoolean(true);
            Thread consoleReader = Thread.ofPlatform().name("bench-console").start(() -> readConsole(console,
                    listening));
            readers.startHeartbeats(HEARTBEAT_S);
            alarmers.startHeartbeats(HEARTBEAT_S);

            long start = System.nanoTime();
            Thread alarms = Thread.ofVirtual().start(() -> raiseAlarms(start, alarmers));
            readers.paceReadings(params.rate(), params.duration(), params.seed());
            alarms.join();
            double sendingS = (System.nanoTime() - start) / 1e9;
            long readingsSent = readers.counters().readingsSent();

            long drainEnd = System.nanoTime() + params.drain().toNanos();
            while (!allArrived() && System.nanoTime() < drainEnd) {
                Fleet.parkUntil(Math.min(drainEnd, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));
            }
            double waitedS = (System.nanoTime() - start) / 1e9 - sendingS;
            listening.set(false);
            consoleReader.join();
            JsonNode metrics = console.get("/api/metrics");
            return report(readingsSent, sendingS, waitedS, metrics, readers, alarmers);
        } finally {
            Rig.deleteTree(dir);
        }
    }

    private void raiseAlarms(long start, Fleet alarmers) {
        Random random = new Random(params.seed() + 1);
        double spacingNanos = (double) params.duration().toNanos() / params.alarms();
        try (ExecutorService raising = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < params.alarms(); k++) {
                long due = start + (long) ((k + random.nextDouble()) * spacingNanos);
                SimulatedHub hub = alarmers.hubs().get(k % alarmers.hubs().size());
                Fleet.parkUntil(due);
                raising.execute(() -> {
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

    private void readConsole(ConsoleClient console, AtomicBoolean listening) {
        try {
            while (listening.get()) {
                JsonNode e = console.nextEvent("alarm.received", Duration.ofMillis(100));
                if (e != null) {
                    consoleArrivals.putIfAbsent(e.path("data").path("alarm").path("id").asText(), System.nanoTime());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean allArrived() {
        if (sent.size() < params.alarms()) {
            return false;
        }
        synchronized (sent) {
            return sent.stream().allMatch(a -> consoleArrivals.containsKey(a.alarm().value())
                    && receiptArrivals.containsKey(a.message()));
        }
    }

    private int report(long readingsSent, double sendingS, double waitedS, JsonNode metrics, Fleet readers,
            Fleet alarmers) {
        List<Long> toConsole = new ArrayList<>();
        List<Long> toReceipt = new ArrayList<>();
        List<String> missingOnConsole = new ArrayList<>();
        List<String> missingReceipt = new ArrayList<>();
        java.util.Set<String> ours = new java.util.HashSet<>();
        synchronized (sent) {
            for (SimulatedHub.SentAlarm a : sent) {
                ours.add(a.alarm().value());
                Long c = consoleArrivals.get(a.alarm().value());
                if (c == null) {
                    missingOnConsole.add(a.alarm().value());
                } else {
                    toConsole.add(c - a.sentNanos());
                }
                Long r = receiptArrivals.get(a.message());
                if (r == null) {
                    missingReceipt.add(a.alarm().value());
                } else {
                    toReceipt.add(r - a.sentNanos());
                }
            }
        }
        long otherAlarms = consoleArrivals.keySet().stream().filter(id -> !ours.contains(id)).count();
        Latencies console = Latencies.of(toConsole);
        Latencies receipt = Latencies.of(toReceipt);
        out.println();
        out.printf(Locale.ROOT, "background: %d readings sent in %.1f s (%.0f/s); the relay stored %d of them; "
                + "waited %.1f s after sending%n", readingsSent, sendingS, readingsSent / sendingS,
                metrics.path("readings").asLong(), waitedS);
        out.println();
        out.println("alarm latency (ms)      arrived     p50      p90      p99      max");
        print("alarm -> console", console);
        print("alarm -> receipt", receipt);
        out.println();
        if (!missingOnConsole.isEmpty() || !missingReceipt.isEmpty()) {
            out.printf(Locale.ROOT, "MISSING: %d of %d alarms never reached the console and %d never got a receipt "
                    + "within %.0f s of the end of sending; percentiles above cover only the alarms that arrived.%n",
                    missingOnConsole.size(), sent.size(), missingReceipt.size(), params.drain().toSeconds() * 1.0);
            missingOnConsole.stream().limit(10).forEach(id -> out.println("  not on console: alarm " + id));
        }
        if (otherAlarms > 0) {
            out.println("the console also showed " + otherAlarms + " alarms the bench did not raise (the relay's "
                    + "own, such as hub offline)");
        }
        var r = readers.counters();
        var a = alarmers.counters();
        out.println("fleet: " + (r.pubacks() + a.pubacks()) + " PUBACKs, " + (r.publishFailures()
                + a.publishFailures()) + " failed publishes, " + (r.connectionsLost() + a.connectionsLost())
                + " connections lost");
        out.println("relay /api/metrics at the end: " + metrics);
        out.println();
        out.println("alarm-to-console-p99-ms: " + Latencies.ms(console.percentileMs(99)));
        out.println("alarm-to-receipt-p99-ms: " + Latencies.ms(receipt.percentileMs(99)));
        out.println("alarms-sent: " + sent.size());
        out.println("alarms-on-console: " + console.count());
        out.println("alarms-receipted: " + receipt.count());
        out.flush();
        return sent.size() < params.alarms() || !missingOnConsole.isEmpty() || !missingReceipt.isEmpty() ? 1 : 0;
    }

    private void print(String name, Latencies l) {
        out.printf(Locale.ROOT, "%-20s %6d/%-6d %8s %8s %8s %8s%n", name, l.count(), sent.size(),
                Latencies.ms(l.percentileMs(50)), Latencies.ms(l.percentileMs(90)), Latencies.ms(l.percentileMs(99)),
                Latencies.ms(l.maxMs()));
    }
}
