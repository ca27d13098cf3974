package org.hearthgate.sim.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hearthgate.sim.bench.AlarmLatencyBench;
import org.hearthgate.sim.bench.ChaosBench;
import org.hearthgate.sim.bench.HubFootprintBench;
import org.hearthgate.sim.bench.IngestBench;
import org.hearthgate.sim.bench.OutageBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./hearthgate bench}: the JMH micro-benchmarks, and the system benchmarks {@code ingest} and
 * {@code alarm-latency}, which start Mosquitto, a relay and a simulated fleet on loopback and stop them after.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Ingest.class, BenchCommand.AlarmLatency.class, BenchCommand.Outage.class,
            BenchCommand.Chaos.class, BenchCommand.HubFootprint.class},
        description = {"Runs the JMH benchmarks (fall detector, alert engine, wire codec) and prints ops/s,",
            "or a system benchmark: 'bench ingest' (readings/s stored vs bare broker pass-through),",
            "'bench alarm-latency' (alarm to console and to receipt under a background of readings),",
            "'bench outage' (a day offline at one hub, compressed: losses, duplicates, drain rate, alarm overtake),",
            "'bench chaos' (relay kill -9, broker restarts, a cut home network under load: exactly once?),",
            "'bench hub' (the hub's RSS, heap, CPU and threads with -Xmx64m and 50 devices).",
            "Figures on a shared or busy machine vary; compare runs on the same machine."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "JMH benchmarks to run (regular expressions; default: all).")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--quick", description = "One short fork (about a minute in all): a smoke run, wide error bars.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(patterns.isEmpty() ? List.of("org.hearthgate.sim.bench.*") : patterns);
        args.addAll(quick ? List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "2s")
                : List.of("-f", "1", "-wi", "2", "-w", "2s", "-i", "3", "-r", "3s"));
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Readings per second the relay stores (its embedded SQLite store, then InfluxDB when "
                + "influxd is installed), next to bare Mosquitto QoS 1 pass-through (publishers -> one subscriber) "
                + "for the same readings in the same run.",
                "Starts Mosquitto, InfluxDB, the relay (own process) and the fleet on loopback; deletes its temp dir "
                    + "after.",
                "Ends with 'name: value' lines: readings-per-s, influx-readings-per-s (n/a without influxd), "
                    + "mosquitto-per-s, vs-mosquitto (percent), lost, duplicates, influx-lost, influx-duplicates."})
    static final class Ingest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--hubs", description = "Simulated hubs, one MQTT connection each (default: ${DEFAULT-VALUE}).")
        int hubs = IngestBench.Params.DEFAULTS.hubs();

        @Option(names = "--readings", description = "Readings per phase (default: ${DEFAULT-VALUE}).")
        long readings = IngestBench.Params.DEFAULTS.readings();

        @Option(names = "--in-flight", description = "Publishes per hub awaiting PUBACK at once (default: "
                + "${DEFAULT-VALUE}, as the real hub).")
        int inFlight = IngestBench.Params.DEFAULTS.inFlight();

        @Option(names = "--max-seconds", description = "Cap on the relay phase; what is stored by then is reported "
                + "(default: ${DEFAULT-VALUE}).")
        long maxSeconds = IngestBench.Params.DEFAULTS.maxRelaySeconds();

        @Override
        public Integer call() throws Exception {
            return new IngestBench(new IngestBench.Params(hubs, readings, inFlight, maxSeconds),
                    spec.commandLine().getOut(), Clock.systemUTC()).run();
        }
    }

    @Command(name = "alarm-latency", mixinStandardHelpOptions = true,
            description = {"Pendant press at a real hub (mock GPIO) -> console (WebSocket alarm.received) and -> "
                + "receipt back at the hub, p50/p95/p99/max, while N homes stream readings. Missing alarms are "
                + "reported and make the exit status 1.",
                "Starts Mosquitto, the relay (own process), the homes and the hub on loopback; deletes its temp dir "
                    + "after.",
                "Ends with 'name: value' lines: p50-ms, p99-ms, receipt-p99-ms, homes, alarms-sent, "
                    + "alarms-on-console, alarms-receipted."})
    static final class AlarmLatency implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--homes", description = "Homes sending readings, one MQTT connection each (default: "
                + "${DEFAULT-VALUE}).")
        int homes = AlarmLatencyBench.Params.DEFAULTS.homes();

        @Option(names = "--rate", description = "Background readings per second, all homes together (default: "
                + "${DEFAULT-VALUE}).")
        double rate = AlarmLatencyBench.Params.DEFAULTS.rate();

        @Option(names = "--alarms", description = "Pendant presses, spread over the run (default: ${DEFAULT-VALUE}).")
        int alarms = AlarmLatencyBench.Params.DEFAULTS.alarms();

        @Option(names = "--pendants", description = "Pendants on the real hub, pressed in turn (1..54, default: "
                + "${DEFAULT-VALUE}).")
        int pendants = AlarmLatencyBench.Params.DEFAULTS.pendants();

        @Option(names = "--duration", description = "Seconds of readings and presses (default: ${DEFAULT-VALUE}).")
        long durationS = AlarmLatencyBench.Params.DEFAULTS.duration().toSeconds();

        @Option(names = "--drain", description = "Seconds to wait after sending for alarms still on their way; "
                + "what has not arrived then is reported missing (default: ${DEFAULT-VALUE}).")
        long drainS = AlarmLatencyBench.Params.DEFAULTS.drain().toSeconds();

        @Option(names = "--in-flight", description = "Publishes per home awaiting PUBACK at once (default: "
                + "${DEFAULT-VALUE}).")
        int inFlight = AlarmLatencyBench.Params.DEFAULTS.inFlight();

        @Option(names = "--seed", description = "Seed for the press times and reading phases (default: "
                + "${DEFAULT-VALUE}).")
        long seed = AlarmLatencyBench.Params.DEFAULTS.seed();

        @Override
        public Integer call() throws Exception {
            return new AlarmLatencyBench(new AlarmLatencyBench.Params(homes, rate, alarms, pendants,
                    Duration.ofSeconds(durationS), Duration.ofSeconds(drainS), inFlight, seed),
                    spec.commandLine().getOut(), Clock.systemUTC()).run();
        }
    }

    @Command(name = "outage", mixinStandardHelpOptions = true,
            description = {"A day-long network outage at one real hub, time-compressed (its clock skips ahead): "
                + "readings sent, received, lost, evicted, duplicates, drain rate after reconnection, and how long the "
                + "alarm raised during the outage takes to reach the console once the network is back.",
                "Starts Mosquitto, the relay (own process), a TCP proxy (the hub's network) and the hub on loopback; "
                    + "deletes its temp dir after.",
                "Ends with 'name: value' lines: sent, received, evicted, lost, duplicates, drain-per-s, "
                    + "alarm-overtake-ms."})
    static final class Outage implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--hours", description = "Hours offline, in hub time (default: ${DEFAULT-VALUE}).")
        long hours = OutageBench.Params.DEFAULTS.outage().toHours();

        @Option(names = "--devices", description = "Devices at the hub (default: ${DEFAULT-VALUE}).")
        int devices = OutageBench.Params.DEFAULTS.devices();

        @Option(names = "--interval", description = "Seconds between two readings of one device (default: "
                + "${DEFAULT-VALUE}).")
        long intervalS = OutageBench.Params.DEFAULTS.interval().toSeconds();

        @Option(names = "--capacity", description = "The hub's outbox capacity, hub.yaml outbox.capacity (default: "
                + "${DEFAULT-VALUE}).")
        int capacity = OutageBench.Params.DEFAULTS.capacity();

        @Option(names = "--telemetry-per-s", description = "The hub's telemetry rate limit (default: "
                + "${DEFAULT-VALUE}, the hub's own).")
        int telemetryPerSecond = OutageBench.Params.DEFAULTS.telemetryPerSecond();

        @Option(names = "--max-drain", description = "Seconds to wait for the backlog after reconnection (default: "
                + "${DEFAULT-VALUE}).")
        long maxDrainS = OutageBench.Params.DEFAULTS.maxDrain().toSeconds();

        @Override
        public Integer call() throws Exception {
            return new OutageBench(new OutageBench.Params(Duration.ofHours(hours), devices,
                    Duration.ofSeconds(intervalS), capacity, telemetryPerSecond, Duration.ofSeconds(maxDrainS)),
                    spec.commandLine().getOut()).run();
        }
    }

    @Command(name = "chaos", mixinStandardHelpOptions = true,
            description = {"Faults under load: relay kill -9 and restart, Mosquitto kill -9 and restart (persistence "
                + "on), a home's network cut through a proxy, repeated; the simulated hubs resend until receipt. "
                + "Every alarm must be shown once and every reading stored once; otherwise the exit status is 1.",
                "Starts Mosquitto, the relay (own process), a TCP proxy and the fleet on loopback; deletes its temp "
                    + "dir after.",
                "Ends with 'name: value' lines: alarms-raised, alarms-shown, lost, duplicates."})
    static final class Chaos implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--homes", description = "Simulated homes (default: ${DEFAULT-VALUE}).")
        int homes = ChaosBench.Params.DEFAULTS.homes();

        @Option(names = "--rate", description = "Readings per second, all homes together (default: "
                + "${DEFAULT-VALUE}).")
        double rate = ChaosBench.Params.DEFAULTS.rate();

        @Option(names = "--alarms", description = "Alarms over the run, 1..190 (default: ${DEFAULT-VALUE}).")
        int alarms = ChaosBench.Params.DEFAULTS.alarms();

        @Option(names = "--rounds", description = "Rounds of the three faults (default: ${DEFAULT-VALUE}).")
        int rounds = ChaosBench.Params.DEFAULTS.rounds();

        @Option(names = "--duration", description = "Seconds of load (default: ${DEFAULT-VALUE}).")
        long durationS = ChaosBench.Params.DEFAULTS.duration().toSeconds();

        @Option(names = "--max-drain", description = "Seconds to wait for every receipt after the load (default: "
                + "${DEFAULT-VALUE}).")
        long maxDrainS = ChaosBench.Params.DEFAULTS.maxDrain().toSeconds();

        @Override
        public Integer call() throws Exception {
            return new ChaosBench(new ChaosBench.Params(homes, rate, alarms, rounds, Duration.ofSeconds(durationS),
                    Duration.ofSeconds(maxDrainS)), spec.commandLine().getOut(), Clock.systemUTC()).run();
        }
    }

    @Command(name = "hub", mixinStandardHelpOptions = true,
            description = {"The hub's footprint: the hub as its own process with -Xmx64m and N devices (CoAP sensors on "
                + "a real Californium server, door contacts on Pi4J's mock GPIO), connected to Mosquitto and a relay; "
                + "RSS, threads and CPU from /proc, heap from jcmd GC.heap_info, memory by category from NMT.",
                "Starts everything on loopback; deletes its temp dir after.",
                "Ends with 'name: value' lines: rss-mb, heap-mb, cpu-percent, threads."})
    static final class HubFootprint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--devices", description = "Devices at the hub, half CoAP and half GPIO (default: "
                + "${DEFAULT-VALUE}).")
        int devices = HubFootprintBench.Params.DEFAULTS.devices();

        @Option(names = "--duration", description = "Seconds to run (default: ${DEFAULT-VALUE}).")
        long durationS = HubFootprintBench.Params.DEFAULTS.duration().toSeconds();

        @Option(names = "--sample", description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
        long sampleS = HubFootprintBench.Params.DEFAULTS.sample().toSeconds();

        @Option(names = "--jvm-option", description = "An option for the hub's JVM, after those of the shipped "
                + "systemd unit (a later option wins), e.g. --jvm-option=-XX:+UseG1GC (repeatable).")
        List<String> jvmOptions = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return new HubFootprintBench(new HubFootprintBench.Params(devices, Duration.ofSeconds(durationS),
                    Duration.ofSeconds(sampleS), jvmOptions), spec.commandLine().getOut()).run();
        }
    }
}
