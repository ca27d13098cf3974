package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Both system benchmarks, end to end with tiny parameters (real Mosquitto, the relay as its own process, a small
 * fleet): the output ends with its machine-readable lines, and the counts add up. No timing is asserted.
 */
class SystemBenchIT {

    @Test
    void ingestBenchStoresEveryReadingItSentAndEndsWithItsFigures() {
        BenchRun run = BenchRun.of("ingest", "--hubs", "20", "--readings", "200", "--max-seconds", "300");

        assertThat(run.exitCode()).isZero();
        boolean influx = org.hearthgate.sim.broker.InfluxServer.installed();
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("readings-per-s",
                "influx-readings-per-s", "mosquitto-per-s", "vs-mosquitto", "lost", "duplicates"));
        if (influx) {
            names.addAll(java.util.List.of("influx-lost", "influx-duplicates"));
        }
        assertThat(run.closingNames()).containsExactlyElementsOf(names);
        assertThat(run.value("lost")).isZero();
        assertThat(run.value("duplicates")).isZero();
        assertThat(run.value("mosquitto-per-s")).isPositive();
        assertThat(run.value("readings-per-s")).isPositive();
        if (influx) {
            assertThat(run.value("influx-readings-per-s")).isPositive();
            assertThat(run.value("influx-lost")).isZero();
            assertThat(run.value("influx-duplicates")).isZero();
        } else {
            assertThat(run.text("influx-readings-per-s")).isEqualTo("n/a");
        }
        assertThat(run.output()).contains("bare Mosquitto pass-through", "machine:", "parameters: 20 hubs");
    }

    @Test
    void alarmLatencyBenchAccountsForEveryPressAtTheRealHubAndEndsWithItsFigures() {
        BenchRun run = BenchRun.of("alarm-latency", "--homes", "20", "--rate", "10", "--alarms", "6", "--pendants",
                "3", "--duration", "4", "--drain", "120");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.closingNames()).containsExactly("p50-ms", "p99-ms", "receipt-p99-ms", "homes", "alarms-sent",
                "alarms-on-console", "alarms-receipted");
        assertThat(run.value("homes")).isEqualTo(20);
        assertThat(run.value("alarms-sent")).isEqualTo(6);
        assertThat(run.value("alarms-on-console")).isEqualTo(6);
        assertThat(run.value("alarms-receipted")).isEqualTo(6);
        assertThat(run.value("p99-ms")).isPositive();
        assertThat(run.output()).doesNotContain("MISSING", "DUPLICATES");
    }
}
