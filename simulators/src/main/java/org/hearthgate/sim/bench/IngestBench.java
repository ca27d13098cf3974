package org.hearthgate.sim.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.sim.broker.InfluxServer;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.fleet.Fleet;
import org.hearthgate.sim.fleet.ReceiptListener;
import org.hearthgate.sim.fleet.SimulatedHub;

/**
 * {@code ./hearthgate bench ingest}: how many readings per second the relay stores, next to how many the bare broker
 * passes through on the same machine in the same run. Phase 1: the fleet publishes N readings (QoS 1) and one plain
 * MQTT subscriber takes them. Phase 2: the relay starts (its own process, embedded SQLite store) and the fleet
 * publishes N fresh readings; the clock stops when the store holds all N, or at the time cap. Phase 3 (when
 * Debian's {@code influxd} is installed): the same with a relay whose readings go to a local InfluxDB, counted there.
 * Every phase starts its clock just before the first publish. The hubs send no periodic heartbeats here (one probe only): they are
 * not readings, and would compete with the readings being counted.
 */
public final class IngestBench {

    /** @param maxRelaySeconds the relay phase stops waiting after this, and reports what was stored by then */
    public record Params(int hubs, long readings, int inFlight, long maxRelaySeconds) {
        public static final Params DEFAULTS = new Params(1_000, 50_000, 1, 420);

        public Params {
            if (hubs < 1 || readings < 1 || inFlight < 1 || maxRelaySeconds < 1) {
                throw new IllegalArgumentException("hubs, readings, in-flight and max-seconds must be at least 1");
            }
        }
    }

    /**
     * Where stored readings are counted: the extension point for other reading stores. Today the relay's embedded
     * SQLite store, through the console's {@code /api/metrics}; an InfluxDB-backed relay would count with
     * {@code SELECT count(*)} on its measurement instead.
     */
    @FunctionalInterface
    public interface StoredReadings {
        long count() throws Exception;
    }

    private static final TenantId TENANT = TenantId.of("bench");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Params params;
    private final PrintWriter out;
    private final Clock clock;

    public IngestBench(Params params, PrintWriter out, Clock clock) {
        this.params = params;
        this.out = out;
        this.clock = clock;
    }

    public int run() throws Exception {
        Machine machine = Machine.here();
        out.println("Hearthgate ingest benchmark");
        out.println("machine:    " + machine.describe());
        out.println("parameters: " + params.hubs() + " hubs, " + params.readings() + " readings per phase, "
                + params.inFlight() + " publish(es) in flight per hub, QoS 1, relay phase capped at "
                + params.maxRelaySeconds() + " s (options: --hubs --readings --in-flight --max-seconds)");
        out.flush();
        Path dir = Rig.tempDir("ingest");
        try (MosquittoBroker broker = BenchBroker.start(dir.resolve("mosquitto"), params.readings())) {
            long heapBefore = usedHeapAfterGc();
            long rssBefore = Rig.residentBytes();
            long t0 = System.nanoTime();
            // each reading its own millisecond: InfluxDB keeps one point per device and millisecond
            try (Fleet fleet = Fleet.connect(new Fleet.Settings(broker.url(), TENANT, "hub", params.hubs(),
                    params.inFlight()), ReceiptListener.NONE, new DistinctMillisClock(clock))) {
                double connectS = seconds(System.nanoTime() - t0);
                long perHub = (usedHeapAfterGc() - heapBefore) / params.hubs();
                long rssGrowth = Rig.residentBytes() - rssBefore;
                out.printf(Locale.ROOT, "fleet:      %d hubs connected and subscribed in %.1f s; about %d KB of heap "
                        + "per hub (virtual-thread stacks included); the process grew by %d MB RSS while connecting "
                        + "(JVM warm-up included)%n", fleet.connectedHubs(), connectS, perHub / 1024,
                        rssGrowth / (1024 * 1024));
                out.flush();

                Phase passthrough = passThrough(broker, fleet);
                Phase relay = throughRelay(broker, fleet, dir.resolve("relay"), null);
                Phase influx = null;
                if (InfluxServer.installed()) {
                    try (InfluxServer server = InfluxServer.start()) {
                        influx = throughRelay(broker, fleet, dir.resolve("relay-influx"), server.url());
                    }
                }

                FleetSummary f = new FleetSummary(fleet.counters());
                long lost = Math.max(0, relay.sent() - relay.arrived());
                long duplicates = Math.max(0, relay.arrived() - relay.sent());
                out.println();
                out.println("phase                          sent    stored   seconds   per second");
                passthrough.print(out, "bare Mosquitto pass-through");
                relay.print(out, "relay, SQLite store");
                if (influx != null) {
                    influx.print(out, "relay, InfluxDB store");
                } else {
                    out.printf(Locale.ROOT, "%-28s %7s %9s %9s %12s%n", "relay, InfluxDB store", "-", "-", "-",
                            "n/a (influxd not installed)");
                }
                if (relay.capped()) {
                    out.printf(Locale.ROOT, "the relay phase hit its cap of %d s: %d of %d readings were stored "
                            + "by then (rate over the capped time)%n", params.maxRelaySeconds(), relay.arrived(),
                            relay.sent());
                }
                out.println("stored = rows the relay's store counts (/api/metrics readings, count(*)) after the "
                        + "drain, minus the rows before the phase (InfluxDB: points, count(\"value\")); lost = sent - "
                        + "stored; duplicates = stored - sent (rows beyond the distinct readings sent)");
                out.println("fleet: " + f.describe());
                out.println("relay /api/metrics at the end: " + relay.metrics());
                double ratio = passthrough.perSecond() == 0 ? 0 : 100.0 * relay.perSecond()
                        / passthrough.perSecond();
                out.println();
                out.printf(Locale.ROOT, "readings-per-s: %.1f%n", relay.perSecond());
                out.println(influx == null ? "influx-readings-per-s: n/a"
                        : String.format(Locale.ROOT, "influx-readings-per-s: %.1f", influx.perSecond()));
                out.printf(Locale.ROOT, "mosquitto-per-s: %.0f%n", passthrough.perSecond());
                out.printf(Locale.ROOT, "vs-mosquitto: %.2f%n", ratio);
                out.println("lost: " + lost);
                out.println("duplicates: " + duplicates);
                if (influx != null) {
                    out.println("influx-lost: " + Math.max(0, influx.sent() - influx.arrived()));
                    out.println("influx-duplicates: " + Math.max(0, influx.arrived() - influx.sent()));
                }
                out.flush();
                return 0;
            }
        } finally {
            Rig.deleteTree(dir);
        }
    }

    /** One measured phase: {@code seconds} from the first publish to the last arrival (or to the cap). */
    record Phase(long sent, long arrived, double seconds, boolean capped, String metrics) {
        double perSecond() {
            return seconds <= 0 ? 0 : Math.min(arrived, sent) / seconds;
        }

        void print(PrintWriter out, String name) {
            out.printf(Locale.ROOT, "%-28s %7d %9d %9.2f %12.1f%n", name, sent, arrived, seconds, perSecond());
        }
    }

    private Phase passThrough(MosquittoBroker broker, Fleet fleet) throws Exception {
        AtomicLong arrived = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        MqttAsyncClient subscriber = new MqttAsyncClient(broker.url(), "bench-subscriber", new MemoryPersistence());
        subscriber.setCallback(new Counting(arrived, lastArrival));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setReceiveMaximum(65_535);
        o.setSocketFactory(org.hearthgate.mqtt.NoDelaySockets.plain());
        subscriber.connect(o).waitForCompletion(10_000);
        subscriber.subscribe(new MqttSubscription(Topics.ROOT + "/+/+/up/reading", 1)).waitForCompletion(10_000);
        try {
            long start = System.nanoTime();
            fleet.sendReadings(params.readings());
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            while (arrived.get() < params.readings() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            long n = arrived.get();
            boolean capped = n < params.readings();
            long end = capped ? System.nanoTime() : lastArrival.get();
            fleet.awaitPubacks(Duration.ofSeconds(30));
            return new Phase(params.readings(), n, seconds(end - start), capped, "");
        } finally {
            subscriber.disconnect().waitForCompletion(5_000);
            subscriber.close();
        }
    }

    /** @param influxUrl null: the relay's SQLite store, counted by /api/metrics; else InfluxDB, counted there */
    private Phase throughRelay(MosquittoBroker broker, Fleet fleet, Path dir, String influxUrl) throws Exception {
        try (RelayProcess relay = RelayProcess.start(dir, broker.url(), TENANT,
                fleet.hubs().stream().map(SimulatedHub::id).toList(), influxUrl);
                ConsoleClient console = relay.console(Duration.ofSeconds(60));
                org.influxdb.InfluxDB influx = influxUrl == null ? null
                        : org.influxdb.InfluxDBFactory.connect(influxUrl)) {
            StoredReadings stored = influx == null ? () -> Rig.readings(console) : () -> influxPoints(influx);
            Rig.awaitIngesting(fleet.hubs().getFirst(), console, Duration.ofSeconds(60));
            long before = stored.count();
            long sentBefore = fleet.counters().readingsSent();
            long start = System.nanoTime();
            long cap = start + TimeUnit.SECONDS.toNanos(params.maxRelaySeconds());
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    fleet.sendReadings(params.readings());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long n = 0;
            long at = start;
            while (n < params.readings() && at < cap) {
                Fleet.parkUntil(Math.min(cap, at + POLL_NANOS));
                n = stored.count() - before;
                at = System.nanoTime();
            }
            boolean capped = n < params.readings();
            sender.interrupt();
            sender.join();
            long sent = fleet.counters().readingsSent() - sentBefore;
            // The drain: every publish acknowledged, then the count holds still for a second. A duplicate row (a
            // re-delivery stored twice) would show up here, after the clock stopped.
            fleet.awaitPubacks(Duration.ofSeconds(30));
            long settled = stored.count() - before;
            for (long last = -1; settled != last; ) {
                last = settled;
                Fleet.parkUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
                settled = stored.count() - before;
            }
            return new Phase(sent, settled, seconds(at - start), capped, console.get("/api/metrics").toString());
        }
    }

    /** Readings the relay stored in InfluxDB: the points of the fleet's one measurement. */
    private static long influxPoints(org.influxdb.InfluxDB influx) {
        org.influxdb.dto.QueryResult r = influx.query(new org.influxdb.dto.Query(
                "SELECT count(\"value\") FROM \"readings\".\"spo2\"", RelayProcess.INFLUX_DATABASE));
        if (r.hasError() || r.getResults().isEmpty() || r.getResults().get(0).hasError()
                || r.getResults().get(0).getSeries() == null) {
            return 0; // no database or no point yet
        }
        return ((Number) r.getResults().get(0).getSeries().get(0).getValues().get(0).get(1)).longValue();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** The fleet's own counters, to show what it sent and got back over both phases. */
    record FleetSummary(org.hearthgate.sim.fleet.FleetCounters.Snapshot c) {
        String describe() {
            return c.readingsSent() + " readings and " + c.heartbeatsSent() + " heartbeats published, "
                    + c.pubacks() + " PUBACKs, " + c.publishFailures() + " failed publishes, " + c.receipts()
                    + " receipts received at the hubs, " + c.connectionsLost() + " connections lost";
        }
    }

    /** Counts what one subscriber receives, with the arrival time of the latest. */
    private record Counting(AtomicLong arrived, AtomicLong lastArrival) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            lastArrival.set(System.nanoTime());
            arrived.incrementAndGet();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
