package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.hearthgate.sim.cli.HearthgateCli;
import org.junit.jupiter.api.Test;

/** {@code ./hearthgate demo --headless --scenario pendant}: JSON lines with delivery latency, and exit 0. */
class HeadlessDemoIT {

    @Test
    void pendantScenarioPrintsDeliveredAlarmsAsJsonLinesAndExitsZero() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = HearthgateCli.commandLine().execute("demo", "--headless", "--scenario", "pendant", "--duration",
                    "15", "--port", "0");
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line)); // every line on stdout is one JSON object
            }
        }
        assertThat(exit).isZero();
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("alarm.delivered"))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.path("latencyMs").asDouble()).isPositive());
        assertThat(lines.get(lines.size() - 1).path("event").asText()).isEqualTo("scenario.done");
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("alarm.acknowledged.on-console"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.path("by").asText()).isEqualTo(Stack.ROBOT_USER));
        // Margaret's son hears of each press in plain words, with his "I'm going" link, and then how it ended.
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("message.delivered")
                && l.path("to").asText().equals("+447700900123")).extracting(l -> l.path("text").asText())
                .anySatisfy(t -> assertThat(t).startsWith("Mum pressed").contains("/attend/"))
                .anySatisfy(t -> assertThat(t).contains("Mum is fine"));
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("escalation.step"))
                .extracting(l -> l.path("kind").asText()).contains("escalation.started", "step.notify",
                        "notification.sent", "escalation.stopped", "outcome");
    }

    @Test
    void aResidentScenarioOfSimPlaysInTheDemoAndEndsWhenItIsDone() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = HearthgateCli.commandLine().execute("demo", "--headless", "--scenario", "power-cut", "--port", "0");
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        assertThat(exit).isZero();
        assertThat(lines).filteredOn(l -> l.path("event").asText().equals("sim.done")).singleElement()
                .satisfies(l -> assertThat(l.path("asExpected").asBoolean()).isTrue());
        assertThat(lines).anySatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("alarm.delivered"));
    }

    @Test
    void theInteractiveDemoLeavesAlarmsToThePersonAtTheConsole() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // the pendant is pressed at 2 s; a robot would have acknowledged it by 3 s and resolved it by 4 s
            exit = HearthgateCli.commandLine().execute("demo", "--scenario", "pendant", "--duration", "6", "--port",
                    "0");
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).contains("\"event\":\"alarm.delivered\"").doesNotContain("acknowledged.at-hub")
                .doesNotContain("resolved.at-hub");
    }

    @Test
    void aDemoLeavesNoFoldersInTheTempDirectory() {
        Set<Path> before = TempDirs.undeleted();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            // the outage scenario closes one broker and starts another: the folders of both must go
            HearthgateCli.commandLine().execute("demo", "--headless", "--scenario", "outage", "--duration", "13");
        } finally {
            System.setOut(original);
        }
        assertThat(TempDirs.undeleted()).isSubsetOf(before);
    }

    @Test
    void scenarioListNamesTheScenarios() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(HearthgateCli.commandLine().execute("demo", "--scenario", "list")).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("pendant", "fall", "outage", "resident");
    }
}
