package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The chaos benchmark with one round of faults (relay kill -9, Mosquitto kill -9 with persistence, a home's network
 * cut) under a small fleet that resends until receipt: every alarm shown once, no reading lost or stored twice, and
 * the output ends with its figures. No timing is asserted.
 */
class ChaosBenchIT {

    @Test
    void everyAlarmIsShownOnceAndNoReadingIsLostThroughKillsAndCuts() {
        BenchRun run = BenchRun.of("chaos", "--homes", "10", "--rate", "20", "--alarms", "6", "--rounds", "1",
                "--duration", "20", "--max-drain", "180");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.closingNames()).containsExactly("alarms-raised", "alarms-shown", "lost", "duplicates");
        assertThat(run.value("alarms-raised")).isEqualTo(6);
        assertThat(run.value("alarms-shown")).isEqualTo(6);
        assertThat(run.value("lost")).isZero();
        assertThat(run.value("duplicates")).isZero();
        assertThat(run.output()).contains("relay kill -9", "Mosquitto kill -9", "home network cut")
                .doesNotContain("FAULT INJECTION FAILED");
    }
}
