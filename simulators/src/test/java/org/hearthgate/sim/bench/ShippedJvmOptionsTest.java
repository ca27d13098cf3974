package org.hearthgate.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `bench hub` measures the hub with the JVM options the shipped systemd unit gives it, not others. */
class ShippedJvmOptionsTest {
    @Test
    void theBenchAndTheSystemdUnitStartTheHubTheSameWay() throws Exception {
        String exec = Files.readAllLines(Path.of("..", "docs", "deploy", "hearthgate-hub.service")).stream()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> words = Arrays.asList(exec.split("\\s+"));
        List<String> options = words.subList(1, words.indexOf("-jar"));
        assertThat(options).isEqualTo(HubFootprintBench.SHIPPED_JVM_OPTIONS);
    }
}
