package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The hub footprint benchmark for a few seconds with four devices: the hub process stays up, its readings reach the
 * relay, and the output ends with its figures. No size or timing is asserted.
 */
class HubFootprintBenchIT {

    @Test
    void theHubProcessIsSampledAndTheOutputEndsWithItsFigures() {
        BenchRun run = BenchRun.of("hub", "--devices", "4", "--duration", "6", "--sample", "2");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.closingNames()).containsExactly("rss-mb", "heap-mb", "cpu-percent", "threads");
        assertThat(run.value("rss-mb")).isPositive();
        assertThat(run.value("heap-mb")).isPositive();
        assertThat(run.value("threads")).isPositive();
        assertThat(run.output()).contains("machine:", "Java Heap").doesNotContain("DIED");
    }
}
