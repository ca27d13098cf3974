package org.hearthgate.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.sim.scenario.HomeScenario;
import org.hearthgate.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = HearthgateCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void listNamesEveryScenarioAndWhatItExpects() {
        Run r = run("sim", "--list");
        assertThat(r.exit()).isZero();
        for (HomeScenario s : Scenarios.all()) {
            assertThat(r.out()).contains(s.id()).contains(s.expected().describe());
        }
    }

    @Test
    void aScenarioRunInProcessPrintsWhatReachedTheCloudAndExitsZeroWhenAsExpected() throws IOException {
        Run r = run("sim", "not-up", "--first-day", "2026-03-02");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            lines.add(new ObjectMapper().readTree(l));
        }
        assertThat(lines).filteredOn(n -> n.has("alarm")).singleElement().satisfies(n -> {
            assertThat(n.path("alarm").asText()).isEqualTo("INACTIVITY");
            assertThat(n.path("at").asText()).isEqualTo("2026-03-03T10:10:00Z");
        });
        assertThat(lines.getLast().path("asExpected").asBoolean()).isTrue();
        assertThat(lines.getLast().path("undelivered").asInt()).isZero();
    }

    @Test
    void anUnknownOrMissingScenarioExitsWith2() {
        Run unknown = run("sim", "tuesday");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown scenario 'tuesday'").contains("--list");
        Run none = run("sim");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("--list");
        Run badHub = run("sim", "not-up", "--hub", "no spaces please");
        assertThat(badHub.exit()).isEqualTo(2);
    }
}
