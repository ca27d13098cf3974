package org.hearthgate.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.Fleet;
import org.hearthgate.sim.fleet.ReceiptListener;
import org.hearthgate.sim.fleet.SimulatedHub;

/**
 * {@code ./hearthgate bench alarm-latency}: how long a pendant press takes to reach a responder's console, and to come
 * back to its hub as the receipt that tells the resident "call received", while a fleet of homes streams readings.
 *
 * <p>The alarm side is the real hub code ({@link RealHub}: {@code Hub}, its outbox, uplink and alert engine) with
 * pendant receivers on Pi4J's mock GPIO; a press is a pin going high. Each alarm is timed from that edge (so the
 * driver's 50 ms debounce is included, as it is for a resident) to (a) the console's WebSocket
 * {@code alarm.received} naming the alarm, (b) the hub's {@code HubObserver.alarmReceipted}. The bench resolves each
 * alarm from the console once it arrives, so the same pendant can raise a new alarm later (a press on a pendant whose
 * alarm is still open is, by design, a repeat of that alarm, not a new one: such presses are counted and reported).
 * The background is {@code homes} simulated hubs, one MQTT connection each, sending {@code rate} readings/s in all
 * and a heartbeat a minute. After sending, the bench waits up to {@code drain} for stragglers; what has not arrived
 * then is reported missing and the exit status is 1.
 */
public final class AlarmLatencyBench {

    public record Params(int homes, double rate, int alarms, int pendants, Duration duration, Duration drain,
            int inFlight, long seed) {
        public static final Params DEFAULTS = new Params(10_000, 1_000, 200, 50, Duration.ofSeconds(60),
                Duration.ofSeconds(120), 1, 42);

        public Params {
            if (homes < 1 || rate <= 0 || alarms < 1 || inFlight < 1) {
                throw new IllegalArgumentException("homes, rate, alarms and in-flight must be positive");
            }
            if (pendants < 1 || pendants > RealHub.MAX_PENDANTS) {
                throw new IllegalArgumentException("pendants: 1.." + RealHub.MAX_PENDANTS + " (one per GPIO line)");
            }
            if (duration.isNegative() || duration.isZero() || drain.isNegative()) {
                throw new IllegalArgumentException("duration must be positive and drain not negative");
            }
        }
    }

    private static final TenantId TENANT = TenantId.of("bench");
    private static final HubId REAL_HUB = HubId.of("real-hub");
    private static final int HEARTBEAT_S = 60;

    private final Params params;
    private final PrintWriter out;
    private final Clock clock;
    /** The press time of the latest press on each pendant, read when its alarm is raised. */
    private final AtomicLongArray lastPress;
    private final AtomicLong presses = new AtomicLong();
    /** Alarm id -> press time ({@link System#nanoTime()}) of the press that raised it. */
    private final Map<String, Long> raised = new ConcurrentHashMap<>();
    private final Map<String, Long> receipted = new ConcurrentHashMap<>();
    private final Map<String, Long> onConsole = new ConcurrentHashMap<>();
    private final AtomicLong consoleDuplicates = new AtomicLong();
    private final AtomicLong resolveFailures = new AtomicLong();

    public AlarmLatencyBench(Params params, PrintWriter out, Clock clock) {
        this.params = params;
        this.out = out;
        this.clock = clock;
        this.lastPress = new AtomicLongArray(params.pendants());
    }

    public int run() throws Exception {
        out.println("Hearthgate alarm latency benchmark");
        out.println("machine:    " + Machine.here().describe());
        out.printf(Locale.ROOT, "parameters: %d homes (simulated hubs, one MQTT connection each) at %.0f readings/s "
                + "in all (%.3f per home per s) and a heartbeat a minute; %d pendant presses on %d pendants of one "
                + "real hub over %d s, then up to %d s for stragglers; %d publish(es) in flight per home, QoS 1, "
                + "seed %d (options: --homes --rate --alarms --pendants --duration --drain --in-flight --seed)%n",
                params.homes(), params.rate(), params.rate() / params.homes(), params.alarms(), params.pendants(),
                params.duration().toSeconds(), params.drain().toSeconds(), params.inFlight(), params.seed());
        out.flush();
        Path dir = Rig.tempDir("alarm-latency");
        long expected = (long) (params.rate() * params.duration().toSeconds()) + 10L * params.alarms()
                + 10L * params.homes();
        try (MosquittoBroker broker = BenchBroker.start(dir.resolve("mosquitto"), expected);
                Fleet homes = Fleet.connect(new Fleet.Settings(broker.url(), TENANT, "home", params.homes(),
                        params.inFlight()), ReceiptListener.NONE, clock);
                RelayProcess relay = RelayProcess.start(dir.resolve("relay"), broker.url(), TENANT,
                        Stream.concat(homes.hubs().stream().map(SimulatedHub::id), Stream.of(REAL_HUB)).toList());
                // The relay registers the hubs of its cloud.yaml one by one at start: allow for many.
                ConsoleClient console = relay.console(Duration.ofSeconds(60 + params.homes() / 20));
                ExecutorService resolving = Executors.newVirtualThreadPerTaskExecutor()) {
            out.printf(Locale.ROOT, "relay:      its console answered %.1f s after it started (%d hubs registered "
                    + "from cloud.yaml)%n", relay.secondsSinceStart(), params.homes() + 1);
            out.flush();
            console.follow();
            Rig.awaitIngesting(homes.hubs().getFirst(), console, Duration.ofSeconds(60));
            homes.startHeartbeats(HEARTBEAT_S);
            try (RealHub hub = RealHub.start(HubSettings.defaults(TENANT, REAL_HUB, ResidentId.of("res-real"))
                    .withHeartbeat(Duration.ofSeconds(10)), broker.url(), dir.resolve("outbox.db"), 200_000,
                    params.pendants(), new Watch(), clock)) {
                Rig.awaitListed(REAL_HUB, console, Duration.ofSeconds(60));
                AtomicBoolean listening = new AtomicBoolean(true);
                Thread consoleReader = Thread.ofPlatform().name("bench-console").start(() -> readConsole(console,
                        listening, resolving));

                long start = System.nanoTime();
                Thread alarms = Thread.ofVirtual().start(() -> press(start, hub));
                homes.paceReadings(params.rate(), params.duration(), params.seed());
                alarms.join();
                double sendingS = (System.nanoTime() - start) / 1e9;
                long readingsSent = homes.counters().readingsSent();

                long drainEnd = System.nanoTime() + params.drain().toNanos();
                while (!allArrived() && System.nanoTime() < drainEnd) {
                    Fleet.parkUntil(Math.min(drainEnd, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));
                }
                double waitedS = (System.nanoTime() - start) / 1e9 - sendingS;
                listening.set(false);
                consoleReader.join();
                JsonNode metrics = console.get("/api/metrics");
                return report(readingsSent, sendingS, waitedS, metrics, homes);
            }
        } finally {
            Rig.deleteTree(dir);
        }
    }

    /** Presses the pendants in turn, spread evenly with seeded jitter over the run; each press is held 100 ms. */
    private void press(long start, RealHub hub) {
        Random random = new Random(params.seed() + 1);
        double spacingNanos = (double) params.duration().toNanos() / params.alarms();
        long hold = RealHub.DEBOUNCE.multipliedBy(2).toNanos();
        try {
            for (int k = 0; k < params.alarms(); k++) {
                long due = start + (long) ((k + random.nextDouble() * 0.5) * spacingNanos);
                int pin = k % params.pendants();
                Fleet.parkUntil(due);
                // Noted before the edge: the hub may raise the alarm before press() returns.
                lastPress.set(pin, System.nanoTime());
                hub.press(pin);
                presses.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try {
                        Fleet.parkUntil(System.nanoTime() + hold);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    hub.release(pin);
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the real hub tells its host: which alarm a press raised, and when its receipt came back. */
    private final class Watch implements HubObserver {
        @Override
        public void alarmRaised(AlarmRaised alarm, Instant triggeredAt) {
            String device = alarm.device() == null ? "" : alarm.device().value();
            if (device.startsWith("pendant-")) {
                raised.put(alarm.alarm().value(), lastPress.get(Integer.parseInt(device.substring(8))));
            }
        }

        @Override
        public void alarmReceipted(AlarmRaised alarm, Instant triggeredAt, Instant receiptAt) {
            receipted.putIfAbsent(alarm.alarm().value(), System.nanoTime());
        }
    }

    private void readConsole(ConsoleClient console, AtomicBoolean listening, ExecutorService resolving) {
        try {
            while (listening.get()) {
                JsonNode e = console.nextEvent("alarm.received", Duration.ofMillis(100));
                if (e != null) {
                    long now = System.nanoTime();
                    String id = e.path("data").path("alarm").path("id").asText();
                    if (onConsole.putIfAbsent(id, now) != null) {
                        consoleDuplicates.incrementAndGet();
                    } else {
                        resolving.execute(() -> resolve(console, id));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A responder closes the alarm, so its pendant raises a new alarm on its next press. */
    private void resolve(ConsoleClient console, String alarmId) {
        try {
            if (console.resolve(alarmId, "FALSE_ALARM", "benchmark") != 200) {
                resolveFailures.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            resolveFailures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean allArrived() {
        return presses.get() >= params.alarms() && raised.size() >= params.alarms()
                && raised.keySet().stream().allMatch(id -> onConsole.containsKey(id) && receipted.containsKey(id));
    }

    private int report(long readingsSent, double sendingS, double waitedS, JsonNode metrics, Fleet homes) {
        List<Long> toConsole = new ArrayList<>();
        List<Long> toReceipt = new ArrayList<>();
        List<String> missingOnConsole = new ArrayList<>();
        List<String> missingReceipt = new ArrayList<>();
        raised.forEach((id, pressed) -> {
            Long c = onConsole.get(id);
            if (c == null) {
                missingOnConsole.add(id);
            } else {
                toConsole.add(c - pressed);
            }
            Long r = receipted.get(id);
            if (r == null) {
                missingReceipt.add(id);
            } else {
                toReceipt.add(r - pressed);
            }
        });
        long otherAlarms = onConsole.keySet().stream().filter(id -> !raised.containsKey(id)).count();
        long notRaised = presses.get() - raised.size();
        Latencies console = Latencies.of(toConsole);
        Latencies receipt = Latencies.of(toReceipt);
        out.println();
        out.printf(Locale.ROOT, "background: %d readings sent by %d homes in %.1f s (%.0f/s); the relay stored %d; "
                + "waited %.1f s after sending%n", readingsSent, params.homes(), sendingS, readingsSent / sendingS,
                metrics.path("readings").asLong(), waitedS);
        out.println();
        out.println("from the pendant edge (ms)   arrived      p50      p95      p99      max");
        print("-> console (WebSocket)", console);
        print("-> receipt at the hub", receipt);
        out.println();
        boolean missing = notRaised > 0 || !missingOnConsole.isEmpty() || !missingReceipt.isEmpty();
        if (missing) {
            out.printf(Locale.ROOT, "MISSING: of %d presses, %d raised no new alarm (the pendant's previous alarm was "
                    + "not yet resolved: a repeat), %d alarms never reached the console and %d never got a receipt "
                    + "within %d s of the end of sending; percentiles cover only what arrived.%n", presses.get(),
                    notRaised, missingOnConsole.size(), missingReceipt.size(), params.drain().toSeconds());
            missingOnConsole.stream().limit(10).forEach(id -> out.println("  not on console: alarm " + id));
        }
        if (consoleDuplicates.get() > 0) {
            out.println("DUPLICATES: the console announced " + consoleDuplicates.get() + " alarm(s) a second time");
        }
        if (otherAlarms > 0) {
            out.println("the console also showed " + otherAlarms + " alarms the bench did not press (the relay's "
                    + "own, such as a home gone silent)");
        }
        if (resolveFailures.get() > 0) {
            out.println(resolveFailures.get() + " console resolve requests failed");
        }
        var c = homes.counters();
        out.println("homes: " + c.pubacks() + " PUBACKs, " + c.publishFailures() + " failed publishes, "
                + c.connectionsLost() + " connections lost");
        out.println("relay /api/metrics at the end: " + metrics);
        out.println();
        out.println("p50-ms: " + Latencies.ms(console.percentileMs(50)));
        out.println("p99-ms: " + Latencies.ms(console.percentileMs(99)));
        out.println("receipt-p99-ms: " + Latencies.ms(receipt.percentileMs(99)));
        out.println("homes: " + params.homes());
        out.println("alarms-sent: " + presses.get());
        out.println("alarms-on-console: " + console.count());
        out.println("alarms-receipted: " + receipt.count());
        out.flush();
        return presses.get() < params.alarms() || missing || consoleDuplicates.get() > 0 ? 1 : 0;
    }

    private void print(String name, Latencies l) {
        out.printf(Locale.ROOT, "%-26s %6d/%-6d %8s %8s %8s %8s%n", name, l.count(), presses.get(),
                Latencies.ms(l.percentileMs(50)), Latencies.ms(l.percentileMs(95)), Latencies.ms(l.percentileMs(99)),
                Latencies.ms(l.maxMs()));
    }
}
