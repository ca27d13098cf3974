package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.sim.cli.HearthgateCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Both system benchmarks, end to end with tiny parameters (real Mosquitto, the relay as its own process, a small
 * fleet): the output ends with its machine-readable lines, and the counts add up. No timing is asserted.
 */
class SystemBenchIT {

    @Test
    void ingestBenchStoresEveryReadingItSentAndEndsWithItsFigures() {
        Run run = bench("ingest", "--hubs", "20", "--readings", "200", "--max-seconds", "300");

        assertThat(run.exitCode).isZero();
        assertThat(run.closingNames()).containsExactly("passthrough-per-s", "readings-per-s", "ratio-percent",
                "readings-stored", "readings-sent");
        assertThat(run.value("readings-sent")).isEqualTo(200);
        assertThat(run.value("readings-stored")).isEqualTo(200);
        assertThat(run.value("passthrough-per-s")).isPositive();
        assertThat(run.value("readings-per-s")).isPositive();
        assertThat(run.output).contains("bare Mosquitto pass-through", "machine:", "parameters: 20 hubs");
    }

    @Test
    void alarmLatencyBenchAccountsForEveryAlarmAndEndsWithItsFigures() {
        Run run = bench("alarm-latency", "--hubs", "20", "--alarm-hubs", "3", "--rate", "10", "--alarms", "5",
                "--duration", "3", "--drain", "120");

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.closingNames()).containsExactly("alarm-to-console-p99-ms", "alarm-to-receipt-p99-ms",
                "alarms-sent", "alarms-on-console", "alarms-receipted");
        assertThat(run.value("alarms-sent")).isEqualTo(5);
        assertThat(run.value("alarms-on-console")).isEqualTo(5);
        assertThat(run.value("alarms-receipted")).isEqualTo(5);
        assertThat(run.value("alarm-to-console-p99-ms")).isPositive();
        assertThat(run.output).doesNotContain("MISSING");
    }

    private record Run(int exitCode, String output) {
        /** The trailing block of {@code name: value} lines, in order. */
        Map<String, Double> closing() {
            List<String> lines = output.strip().lines().toList();
            int first = lines.size();
            while (first > 0 && lines.get(first - 1).matches("[a-z0-9-]+: \\S+")) {
                first--;
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String line : lines.subList(first, lines.size())) {
                String[] kv = line.split(": ", 2);
                figures.put(kv[0], Double.parseDouble(kv[1]));
            }
            return figures;
        }

        List<String> closingNames() {
            return List.copyOf(closing().keySet());
        }

        double value(String name) {
            return closing().get(name);
        }
    }

    private static Run bench(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = HearthgateCli.commandLine();
        cli.setOut(new PrintWriter(text, true));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cli.execute(all);
        return new Run(code, text.toString());
    }
}
