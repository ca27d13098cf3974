package org.hearthgate.sim.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hearthgate.sim.bench.AlarmLatencyBench;
import org.hearthgate.sim.bench.IngestBench;
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
        subcommands = {BenchCommand.Ingest.class, BenchCommand.AlarmLatency.class},
        description = {"Runs the JMH benchmarks (fall detector, alert engine, wire codec) and prints ops/s,",
            "or a system benchmark: 'bench ingest' (readings/s stored vs bare broker pass-through),",
            "'bench alarm-latency' (alarm to console and to receipt under a background of readings).",
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
            description = {"Readings per second the relay stores (its embedded SQLite store), next to bare Mosquitto "
                + "QoS 1 pass-through (publishers -> one subscriber) for the same readings in the same run.",
                "Starts Mosquitto, the relay (own process) and the fleet on loopback; deletes its temp dir after.",
                "Ends with 'name: value' lines: passthrough-per-s, readings-per-s, ratio-percent, readings-stored, "
                    + "readings-sent."})
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
            description = {"Alarm -> console (WebSocket alarm.received) and alarm -> receipt at the hub, p50/p90/p99/"
                + "max, under a background of readings. Missing alarms are reported and make the exit status 1.",
                "Starts Mosquitto, the relay (own process) and the fleet on loopback; deletes its temp dir after.",
                "Ends with 'name: value' lines: alarm-to-console-p99-ms, alarm-to-receipt-p99-ms, alarms-sent, "
                    + "alarms-on-console, alarms-receipted."})
    static final class AlarmLatency implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--hubs", description = "Hubs sending readings (default: ${DEFAULT-VALUE}).")
        int hubs = AlarmLatencyBench.Params.DEFAULTS.hubs();

        @Option(names = "--alarm-hubs", description = "Other hubs, raising the alarms (default: ${DEFAULT-VALUE}).")
        int alarmHubs = AlarmLatencyBench.Params.DEFAULTS.alarmHubs();

        @Option(names = "--rate", description = "Background readings per second, all hubs together (default: "
                + "${DEFAULT-VALUE}).")
        double rate = AlarmLatencyBench.Params.DEFAULTS.rate();

        @Option(names = "--alarms", description = "Alarms, spread over the run (default: ${DEFAULT-VALUE}).")
        int alarms = AlarmLatencyBench.Params.DEFAULTS.alarms();

        @Option(names = "--duration", description = "Seconds of readings and alarms (default: ${DEFAULT-VALUE}).")
        long durationS = AlarmLatencyBench.Params.DEFAULTS.duration().toSeconds();

        @Option(names = "--drain", description = "Seconds to wait after sending for alarms still on their way; "
                + "what has not arrived then is reported missing (default: ${DEFAULT-VALUE}).")
        long drainS = AlarmLatencyBench.Params.DEFAULTS.drain().toSeconds();

        @Option(names = "--in-flight", description = "Publishes per hub awaiting PUBACK at once (default: "
                + "${DEFAULT-VALUE}).")
        int inFlight = AlarmLatencyBench.Params.DEFAULTS.inFlight();

        @Option(names = "--seed", description = "Seed for the alarm times and reading phases (default: "
                + "${DEFAULT-VALUE}).")
        long seed = AlarmLatencyBench.Params.DEFAULTS.seed();

        @Override
        public Integer call() throws Exception {
            return new AlarmLatencyBench(new AlarmLatencyBench.Params(hubs, alarmHubs, rate, alarms,
                    Duration.ofSeconds(durationS), Duration.ofSeconds(drainS), inFlight, seed),
                    spec.commandLine().getOut(), Clock.systemUTC()).run();
        }
    }
}
