package org.hearthgate.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.Fleet;

/**
 * {@code ./hearthgate bench outage}: one home's internet is down for a day, then comes back. The real hub code
 * ({@link RealHub}) runs on a {@link SkippingClock}, so 24 hours of its devices' readings (each device one reading per
 * interval, stamped with its virtual time) go into its outbox in seconds, while its only way out, a {@link CutProxy}
 * to the broker, refuses connections. Halfway through the day the resident presses the pendant. Mosquitto and the
 * relay (its own process) run all along. Then the proxy opens again, and the bench measures: how long the alarm took
 * from the reconnection to the console (the hub sends alarms before telemetry: it must overtake the day's backlog),
 * how fast the backlog drains into the relay's store, and whether every reading arrived exactly once. The hub's
 * outbox evicts the oldest telemetry when full ({@code --capacity}); evictions are reported apart from losses.
 */
public final class OutageBench {

    public record Params(Duration outage, int devices, Duration interval, int capacity, int telemetryPerSecond,
            Duration maxDrain) {
        public static final Params DEFAULTS = new Params(Duration.ofHours(24), 6, Duration.ofMinutes(1), 200_000, 50,
                Duration.ofSeconds(420));

        public Params {
            if (outage.compareTo(interval) < 0 || devices < 1 || interval.isNegative() || interval.isZero()
                    || capacity < 100 || telemetryPerSecond < 1 || maxDrain.isNegative()) {
                throw new IllegalArgumentException("outage >= interval > 0, devices >= 1, capacity >= 100, "
                        + "telemetry rate >= 1");
            }
        }
    }

    private static final TenantId TENANT = TenantId.of("bench");
    private static final HubId HUB = HubId.of("outage-hub");
    private static final DeviceId PENDANT = DeviceId.of("pendant-1");
    /** Virtual hours are fed in slices; the bench waits for the outbox to take each slice before the next. */
    private static final int SLICES = 48;

    private final Params params;
    private final PrintWriter out;
    private final Map<String, Long> onConsole = new ConcurrentHashMap<>();
    private final AtomicLong consoleDuplicates = new AtomicLong();
    private final Set<String> raised = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> receipted = new ConcurrentHashMap<>();

    public OutageBench(Params params, PrintWriter out) {
        this.params = params;
        this.out = out;
    }

    public int run() throws Exception {
        long steps = params.outage().toNanos() / params.interval().toNanos();
        long readings = steps * params.devices();
        out.println("Hearthgate outage benchmark");
        out.println("machine:    " + Machine.here().describe());
        out.printf(Locale.ROOT, "parameters: a %s outage at one real hub (time compressed: its clock skips ahead), "
                + "%d devices each sending one reading every %s (%d readings in all), one pendant press halfway; "
                + "outbox capacity %d, hub telemetry rate limit %d/s; drain capped at %d s (options: --hours "
                + "--devices --interval --capacity --telemetry-per-s --max-drain)%n", params.outage(),
                params.devices(), params.interval(), readings, params.capacity(), params.telemetryPerSecond(),
                params.maxDrain().toSeconds());
        out.flush();
        Path dir = Rig.tempDir("outage");
        // The day starts an outage ago, so the hub's clock is the wall clock again when the network returns: the
        // relay sees a day-old backlog, not readings from the future.
        SkippingClock clock = new SkippingClock(params.outage().negated());
        try (MosquittoBroker broker = BenchBroker.start(dir.resolve("mosquitto"), readings);
                CutProxy network = new CutProxy(Broker.freePort(), broker.port());
                RelayProcess relay = RelayProcess.start(dir.resolve("relay"), broker.url(), TENANT, List.of(HUB));
                ConsoleClient console = relay.console(Duration.ofSeconds(60))) {
            console.follow();
            Thread consoleReader = Thread.ofPlatform().daemon().name("bench-console").start(() -> readConsole(
                    console));
            HubSettings settings = HubSettings.defaults(TENANT, HUB, ResidentId.of("res-outage"));
            settings = new HubSettings(settings.tenant(), settings.hub(), settings.resident(), settings.heartbeat(),
                    settings.alarmRetry(), settings.alarmOverdue(), settings.telemetryRetry(),
                    params.telemetryPerSecond(), settings.firmware());
            try (RealHub hub = RealHub.start(settings, network.url(), dir.resolve("outbox.db"), params.capacity(), 0,
                    new Watch(), clock)) {
                // The day offline: readings stamped with the hub's (skipping) clock, the press at noon.
                long fedStart = System.nanoTime();
                long fed = 0;
                long alarmAtStep = steps / 2;
                for (long step = 0; step < steps; step++) {
                    clock.skip(params.interval());
                    Instant now = clock.instant();
                    for (int d = 0; d < params.devices(); d++) {
                        hub.hub().observe(new OxygenSaturation(DeviceId.of("oximeter-" + d), now,
                                Quantity.of(95 + d % 3, Ucum.PERCENT), Quantity.of(70 + d, Ucum.PER_MIN), null,
                                Set.of()));
                        fed++;
                    }
                    if (step == alarmAtStep) {
                        // The press is an observation like any other: the hub stores it as a reading too.
                        hub.hub().observe(new PendantPress(PENDANT, now));
                        fed++;
                        awaitTrue(() -> !raised.isEmpty(), Duration.ofSeconds(30), "the press raised no alarm");
                    }
                    if ((step + 1) % Math.max(1, steps / SLICES) == 0) {
                        long target = fed;
                        awaitTrue(() -> hub.hub().outboxDepth() + hub.evicted() >= target, Duration.ofSeconds(120),
                                "the hub's outbox did not take the readings");
                    }
                }
                long feedTarget = fed;
                awaitTrue(() -> hub.hub().outboxDepth() + hub.evicted() >= feedTarget, Duration.ofSeconds(120),
                        "the hub's outbox did not take the readings");
                double feedS = (System.nanoTime() - fedStart) / 1e9;
                int depthAtReconnect = hub.hub().outboxDepth();
                long evicted = hub.evicted();
                long storedBefore = Rig.readings(console);

                // The network comes back.
                long reconnected = System.nanoTime();
                network.open();
                long lastChange = reconnected;
                long stored = storedBefore;
                long cap = reconnected + params.maxDrain().toNanos();
                while (System.nanoTime() < cap && stored - storedBefore < fed - evicted) {
                    Fleet.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
                    long now = Rig.readings(console);
                    if (now != stored) {
                        stored = now;
                        lastChange = System.nanoTime();
                    }
                }
                boolean capped = System.nanoTime() >= cap;
                // Settle: anything stored twice would show after the last distinct reading.
                for (long last = -1; stored != last; ) {
                    last = stored;
                    Fleet.parkUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
                    stored = Rig.readings(console);
                }
                stored -= storedBefore;
                double drainS = (lastChange - reconnected) / 1e9;
                JsonNode metrics = console.get("/api/metrics");
                consoleReader.interrupt();
                return report(fed, evicted, depthAtReconnect, feedS, stored, drainS, capped, reconnected,
                        network.accepted(), metrics);
            }
        } finally {
            Rig.deleteTree(dir);
        }
    }

    private final class Watch implements HubObserver {
        @Override
        public void alarmRaised(AlarmRaised alarm, Instant triggeredAt) {
            if (alarm.device() != null && alarm.device().value().startsWith("pendant-")) {
                raised.add(alarm.alarm().value());
            }
        }

        @Override
        public void alarmReceipted(AlarmRaised alarm, Instant triggeredAt, Instant receiptAt) {
            receipted.putIfAbsent(alarm.alarm().value(), System.nanoTime());
        }
    }

    private void readConsole(ConsoleClient console) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode e = console.nextEvent("alarm.received", Duration.ofMillis(100));
                if (e != null && onConsole.putIfAbsent(e.path("data").path("alarm").path("id").asText(),
                        System.nanoTime()) != null) {
                    consoleDuplicates.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    private int report(long fed, long evicted, int depth, double feedS, long stored, double drainS, boolean capped,
            long reconnected, long connections, JsonNode metrics) {
        long lost = Math.max(0, fed - evicted - stored);
        long duplicateRows = Math.max(0, stored - (fed - evicted));
        String alarm = raised.stream().findFirst().orElse(null);
        Long shown = alarm == null ? null : onConsole.get(alarm);
        Long receipt = alarm == null ? null : receipted.get(alarm);
        double overtakeMs = shown == null ? Double.NaN : (shown - reconnected) / 1e6;
        double receiptMs = receipt == null ? Double.NaN : (receipt - reconnected) / 1e6;
        double drainPerS = drainS <= 0 ? 0 : stored / drainS;
        out.println();
        out.printf(Locale.ROOT, "outage:      %d readings (the devices' and the pendant press, which the hub stores "
                + "as a reading too) and 1 alarm went into the outbox in %.1f s of real time (%s of hub time); depth "
                + "at reconnection %d, evicted (outbox full) %d%n", fed, feedS,
                params.outage(), depth, evicted);
        out.println();
        out.println("after reconnection                    value");
        out.printf(Locale.ROOT, "%-36s %s ms%n", "alarm on the console", Latencies.ms(overtakeMs));
        out.printf(Locale.ROOT, "%-36s %s ms%n", "alarm's receipt at the hub", Latencies.ms(receiptMs));
        out.printf(Locale.ROOT, "%-36s %d of %d%n", "readings stored", stored, fed - evicted);
        out.printf(Locale.ROOT, "%-36s %.1f s%s%n", "backlog drained in", drainS, capped ? " (CAPPED: not all "
                + "arrived)" : "");
        out.printf(Locale.ROOT, "%-36s %.1f readings/s (the hub sends telemetry at most %d/s)%n", "drain rate",
                drainPerS, params.telemetryPerSecond());
        out.printf(Locale.ROOT, "%-36s %d rows stored twice, %d alarm(s) shown twice%n", "duplicates seen by people",
                duplicateRows, consoleDuplicates.get());
        out.printf(Locale.ROOT, "%-36s %d%n", "hub connections through the proxy", connections);
        if (shown == null) {
            out.println("MISSING: the alarm raised during the outage never reached the console");
        }
        if (lost > 0) {
            out.println("LOST: " + lost + " readings never reached the relay's store");
        }
        long otherAlarms = onConsole.keySet().stream().filter(id -> !raised.contains(id)).count();
        if (otherAlarms > 0) {
            out.println("the console also showed " + otherAlarms + " alarm(s) the hub did not raise from the "
                    + "pendant (the relay's own, such as the hub gone silent)");
        }
        out.println("relay /api/metrics at the end: " + metrics);
        out.println();
        out.println("sent: " + fed);
        out.println("received: " + stored);
        out.println("evicted: " + evicted);
        out.println("lost: " + lost);
        out.println("duplicates: " + (duplicateRows + consoleDuplicates.get()));
        out.printf(Locale.ROOT, "drain-per-s: %.1f%n", drainPerS);
        out.println("alarm-overtake-ms: " + Latencies.ms(overtakeMs));
        out.flush();
        return shown == null || lost > 0 || duplicateRows + consoleDuplicates.get() > 0 || capped ? 1 : 0;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " within " + timeout);
            }
            Fleet.parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
