package org.hearthgate.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireCodec codec = new WireCodec();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        List<JsonNode> lines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String l : out.split("\n")) {
                if (!l.isBlank()) {
                    try {
                        nodes.add(JSON.readTree(l));
                    } catch (IOException e) {
                        throw new AssertionError("not JSON: " + l, e);
                    }
                }
            }
            return nodes;
        }

        List<JsonNode> outcomes(String kind) {
            return lines().stream().filter(n -> n.get("outcome").asText().equals(kind)).toList();
        }
    }

    private static Run run(String... args) {
        CommandLine cl = HearthgateCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path readings(Observation... obs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Observation o : obs) {
            sb.append(codec.encodeObservation(o)).append('\n');
        }
        return write("readings.jsonl", sb.toString());
    }

    @Test
    void replaysAWeekOfHomeBloodPressureCrossing135Over85() {
        Run r = run("replay", "--care-plan", EXAMPLES.resolve("hypertension.yaml").toString(),
                EXAMPLES.resolve("bp-week.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> raises = r.outcomes("raise");
        assertThat(raises).anySatisfy(n -> {
            assertThat(n.at("/body/dedupKey").asText()).isEqualTo("hbpm");
            assertThat(n.at("/body/summary").asText()).contains("≥ 135/85").contains("day 1 discarded");
            assertThat(n.at("/body/type").asText()).isEqualTo("alarm");
        });
        assertThat(raises).anySatisfy(n -> assertThat(n.at("/body/code").asText()).isEqualTo("MISSED_MEASUREMENT"));
    }

    @Test
    void replaysANightTimeFallAsAnImmediateCriticalAlarm() {
        Run r = run("replay", "--run-on", "30m", "--care-plan", EXAMPLES.resolve("frailty.yaml").toString(),
                EXAMPLES.resolve("night-fall.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode fall = r.outcomes("raise").stream()
                .filter(n -> n.at("/body/code").asText().equals("FALL_DETECTED")).findFirst().orElseThrow();
        assertThat(fall.get("at").asText()).isEqualTo("2026-03-03T02:14:05Z");
        assertThat(fall.at("/body/priority").asText()).isEqualTo("CRITICAL");
        assertThat(r.outcomes("raise")).anySatisfy(n -> assertThat(n.at("/body/code").asText()).isEqualTo("OUT_OF_BED"));
    }

    @Test
    void replaysNotUpBy10WithItsPreAlarm() {
        Run r = run("replay", "--care-plan", EXAMPLES.resolve("frailty.yaml").toString(),
                EXAMPLES.resolve("not-up.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outcomes("prompt")).filteredOn(n -> n.at("/body/cancellable").asBoolean()).hasSize(20);
        JsonNode alarm = r.outcomes("raise").stream().filter(n -> n.at("/body/code").asText().equals("INACTIVITY"))
                .findFirst().orElseThrow();
        assertThat(alarm.get("at").asText()).isEqualTo("2026-03-03T10:10:00Z");
        assertThat(run("replay", "--no-prompts", "--care-plan", EXAMPLES.resolve("frailty.yaml").toString(),
                EXAMPLES.resolve("not-up.jsonl").toString()).outcomes("prompt")).isEmpty();
    }

    @Test
    void ticksBetweenReadingsSoTimeBasedRulesFire() throws IOException {
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        Path plan = write("plan.yaml", "activity: {inactivity: [{id: quiet, mode: continuous, after: 1h}]}");
        Path in = readings(new Motion(DeviceId.of("pir-1"), t0, "hall", true),
                new Motion(DeviceId.of("pir-1"), t0.plusSeconds(3 * 3600), "hall", true));
        Run r = run("replay", "--no-prompts", "--care-plan", plan.toString(), in.toString());
        assertThat(r.outcomes("raise")).singleElement()
                .satisfies(n -> assertThat(n.get("at").asText()).isEqualTo("2026-03-02T10:10:00Z"));
    }

    @Test
    void readingsOutOfOrderAreReplayedInTimeOrder() throws IOException {
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        Path in = readings(new PendantPress(DeviceId.of("pendant-1"), t0.plusSeconds(60)),
                new OxygenSaturation(DeviceId.of("oxi-1"), t0, Quantity.of(97, Ucum.PERCENT), null, null, Set.of()));
        Run r = run("replay", "--care-plan", write("plan.yaml", "{}").toString(), in.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.outcomes("raise")).singleElement()
                .satisfies(n -> assertThat(n.get("at").asText()).isEqualTo("2026-03-02T09:01:00Z"));
    }

    @Test
    void anAwayPeriodFromTheCloudKeepsTheEmptyHouseQuietAndAPlanChangeTakesOver() throws IOException {
        Path recording = EXAMPLES.resolve("away-night.jsonl");
        Run r = run("replay", "--no-prompts", "--care-plan", EXAMPLES.resolve("frailty.yaml").toString(),
                recording.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outcomes("instruction")).extracting(n -> n.at("/body/type").asText() + " " + n.at("/body/name")
                .asText()).containsExactly("command away-on", "command away-off", "config ");
        // Only the new plan's rule raises: nothing while away.
        assertThat(r.outcomes("raise")).singleElement().satisfies(n -> {
            assertThat(n.at("/body/dedupKey").asText()).isEqualTo("inactivity/after-stay");
            assertThat(n.get("at").asText()).isEqualTo("2026-03-11T11:15:00Z");
        });

        // The same recording without the instructions: the empty house raises two inactivity alarms on Tuesday.
        List<String> withoutInstructions = Files.readAllLines(recording).stream()
                .filter(l -> !l.contains("\"down\"")).toList();
        Run unaware = run("replay", "--no-prompts", "--care-plan", EXAMPLES.resolve("frailty.yaml").toString(),
                Files.write(dir.resolve("no-away.jsonl"), withoutInstructions).toString());
        assertThat(unaware.outcomes("raise")).extracting(n -> n.at("/body/dedupKey").asText())
                .containsExactly("inactivity/quiet-afternoon", "inactivity/no-activity");
    }

    @Test
    void aPlanChangeKeepsOpenAlarmsAsTheHubDoes() throws IOException {
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        String press = codec.encodeObservation(new PendantPress(DeviceId.of("pendant-1"), t0));
        String again = codec.encodeObservation(new PendantPress(DeviceId.of("pendant-1"), t0.plusSeconds(120)));
        String config = "{\"at\":" + t0.plusSeconds(60).toEpochMilli()
                + ",\"down\":{\"type\":\"config\",\"carePlanYaml\":\"vitals: {spo2Scale: 2}\"}}";
        Run r = run("replay", "--no-prompts", "--run-on", "1m", "--care-plan", write("plan.yaml", "{}").toString(),
                write("in.jsonl", press + "\n" + config + "\n" + again + "\n").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // The second press is told as a repeat of the alarm still open, not as a new alarm.
        assertThat(r.outcomes("raise")).singleElement()
                .satisfies(n -> assertThat(n.at("/body/alarm").asText()).isEqualTo("alarm-0001"));
        assertThat(r.outcomes("update")).singleElement()
                .satisfies(n -> assertThat(n.at("/body/alarm").asText()).isEqualTo("alarm-0001"));
    }

    @Test
    void awayOnCancelsARunningPreAlarm() throws IOException {
        Instant t0 = Instant.parse("2026-03-02T09:00:00Z");
        Path plan = write("plan.yaml", "activity: {inactivity: [{id: quiet, mode: continuous, after: 1h}]}");
        String motion = codec.encodeObservation(new Motion(DeviceId.of("pir-1"), t0, "hall", true));
        long awayAt = t0.plusSeconds(3600 + 120).toEpochMilli(); // two minutes into the 10-minute pre-alarm
        Path in = write("in.jsonl", motion + "\n{\"at\":" + awayAt + ",\"down\":{\"type\":\"command\",\"name\":\"away-on\"}}\n");
        Run r = run("replay", "--no-prompts", "--run-on", "1h", "--care-plan", plan.toString(), in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outcomes("raise")).isEmpty();
        assertThat(r.outcomes("notify")).extracting(n -> n.at("/body/code").asText())
                .containsExactly("PRE_ALARM", "PRE_ALARM_CANCELLED");
    }

    @Test
    void instructionsThatMeanNothingToAReplayExitWith2NamingTheLineAndField() throws IOException {
        Path plan = write("plan.yaml", "{}");
        String[][] cases = {
            {"{\"at\":1772445600000,\"down\":{\"type\":\"command\",\"name\":\"reboot\"}}", "down.name"},
            {"{\"at\":1772445600000,\"down\":{\"type\":\"config\",\"heartbeatS\":30}}", "carePlanYaml"},
            {"{\"at\":1772445600000,\"down\":{\"type\":\"config\",\"carePlanYaml\":\"vitals: {spo2Scale: 4}\"}}",
                "vitals.spo2Scale"},
            {"{\"down\":{\"type\":\"command\",\"name\":\"away-on\"}}", "at"},
            {"{\"at\":1772445600000,\"down\":{\"type\":\"ack\",\"alarm\":\"a-1\",\"state\":\"ACKNOWLEDGED\"}}",
                "line 1"}};
        for (String[] c : cases) {
            Run r = run("replay", "--care-plan", plan.toString(), write("bad.jsonl", c[0] + "\n").toString());
            assertThat(r.exit()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains("line 1").contains(c[1]);
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aBadPlanExitsWith2NamingTheKey() throws IOException {
        Path in = readings(new PendantPress(DeviceId.of("pendant-1"), Instant.parse("2026-03-02T09:00:00Z")));
        Run r = run("replay", "--care-plan", write("bad.yaml", "vitals: {spo2Scale: 4}").toString(), in.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("vitals.spo2Scale").contains("outside 1..2");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBadLineExitsWith2NamingTheLineAndPrintsNothing() throws IOException {
        String good = codec.encodeObservation(new PendantPress(DeviceId.of("pendant-1"), Instant.parse("2026-03-02T09:00:00Z")));
        Path in = write("readings.jsonl", good + "\n\n" + "{\"kind\":\"spo2\",\"device\":\"oxi-1\",\"at\":1}\n");
        Run r = run("replay", "--care-plan", write("plan.yaml", "{}").toString(), in.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("line 3").contains("spo2");
        assertThat(r.out()).isEmpty();
        Run notJson = run("replay", "--care-plan", dir.resolve("plan.yaml").toString(),
                write("junk.jsonl", "hello\n").toString());
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.err()).contains("line 1").contains("not valid JSON");
    }

    @Test
    void missingFilesExitWith2() throws IOException {
        Run r = run("replay", "--care-plan", dir.resolve("nope.yaml").toString(), "x.jsonl");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
        Run noPlan = run("replay", "x.jsonl");
        assertThat(noPlan.exit()).isEqualTo(2);
        assertThat(noPlan.err()).contains("--care-plan");
    }

    /** Every replay shown in docs/care-plan.md is re-run: the documented output must be the real output. */
    @Test
    void theReplaysInTheCarePlanDocsShowTheirRealOutput() throws IOException {
        List<String> doc = Files.readAllLines(Path.of("..", "docs", "care-plan.md"));
        int checked = 0;
        for (int i = 0; i < doc.size(); i++) {
            String line = doc.get(i);
            if (!line.startsWith("$ ./hearthgate replay ")) {
                continue;
            }
            String[] args = line.substring("$ ./hearthgate ".length()).split(" ");
            boolean examplesOnly = true;
            for (String a : args) {
                if (a.endsWith(".yaml") || a.endsWith(".jsonl")) {
                    examplesOnly &= Files.exists(Path.of("..").resolve(a));
                }
            }
            if (!examplesOnly) {
                continue;
            }
            StringBuilder shown = new StringBuilder();
            for (int j = i + 1; j < doc.size() && !doc.get(j).startsWith("```"); j++) {
                shown.append(doc.get(j)).append('\n');
            }
            String[] resolved = java.util.Arrays.stream(args)
                    .map(a -> a.startsWith("docs/") ? Path.of("..").resolve(a).toString() : a).toArray(String[]::new);
            Run r = run(resolved);
            assertThat(r.exit()).as(line).isZero();
            assertThat(r.out().replace("\r\n", "\n")).as(line).isEqualTo(shown.toString());
            checked++;
        }
        assertThat(checked).isEqualTo(4);
    }
}
