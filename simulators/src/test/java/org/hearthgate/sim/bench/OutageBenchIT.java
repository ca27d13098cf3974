package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The outage benchmark with a two-hour outage of two devices (real Mosquitto, the relay as its own process, the real
 * hub behind a proxy that is cut, then opened): every reading is stored once, the alarm reaches the console, and the
 * output ends with its figures. No timing is asserted.
 */
class OutageBenchIT {

    @Test
    void aDayOfflineIsDeliveredOnceWithTheAlarmFirstAndEndsWithItsFigures() {
        BenchRun run = BenchRun.of("outage", "--hours", "2", "--devices", "2", "--interval", "60", "--max-drain",
                "120");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.closingNames()).containsExactly("sent", "received", "evicted", "lost", "duplicates",
                "drain-per-s", "alarm-overtake-ms");
        assertThat(run.value("sent")).isEqualTo(241);
        assertThat(run.value("received")).isEqualTo(241);
        assertThat(run.value("lost")).isZero();
        assertThat(run.value("duplicates")).isZero();
        assertThat(run.value("evicted")).isZero();
        assertThat(run.text("alarm-overtake-ms")).isNotEqualTo("n/a");
        assertThat(run.output()).doesNotContain("MISSING", "LOST");
    }
}
