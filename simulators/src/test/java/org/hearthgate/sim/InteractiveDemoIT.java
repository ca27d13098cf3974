package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.cli.HearthgateCli;
import org.hearthgate.sim.console.ConsoleClient;
import org.junit.jupiter.api.Test;

/**
 * {@code ./hearthgate demo} as a new user runs it (interactive, not headless): besides Margaret's live home, the
 * other homes play their week through hubs of their own, so within a minute or two the clinician's worklist has
 * Peggy's home blood-pressure advisory, the responders' health overview has Arthur's home in trouble, and Sam's view
 * of his mum has her week's blood pressure. Everything is read through the relay's REST API, as the console does.
 */
class InteractiveDemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The background homes play a week each in seconds; on a busy machine give them a few minutes. */
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @Test
    void theOtherHomesFillTheWorklistTheHealthOverviewAndSamsSummary() throws Exception {
        int port = Broker.freePort();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        long started = System.currentTimeMillis();
        // --duration only bounds a run gone wrong: the test ends the demo by interrupting it once it has seen enough.
        Thread demo = new Thread(() -> HearthgateCli.commandLine().execute("demo", "--port", String.valueOf(port),
                "--duration", "900"), "demo-under-test");
        demo.start();
        try {
            ConsoleClient clinician = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> new ConsoleClient(port).login("dr.okafor", "hearthgate-clinician"), c -> true);
            try (clinician;
                    ConsoleClient responder = new ConsoleClient(port).login("responder", "hearthgate-demo");
                    ConsoleClient sam = new ConsoleClient(port).login("sam", "hearthgate-family")) {

                // Dr Okafor's worklist: Peggy's home blood pressure over the NICE stage 1 line, with its trend, and
                // Nisha's weight climbing (heart failure); both raised days ago on the hubs' virtual clocks, and
                // received, queued and aged by the relay as now.
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode items = clinician.get("/api/worklist").path("items");
                    assertThat(items).anySatisfy(i -> {
                        assertThat(i.path("resident").asText()).isEqualTo("res-demo");
                        assertThat(i.path("code").asText()).isEqualTo("VITAL_SIGN");
                        assertThat(i.path("what").asText()).startsWith("Home blood pressure");
                        assertThat(i.path("trend").path("type").asText()).isEqualTo("bloodPressure");
                        assertThat(i.path("receivedAt").asLong()).isGreaterThanOrEqualTo(started);
                        assertThat(i.path("raisedAt").asLong()).isLessThan(i.path("receivedAt").asLong());
                    });
                    assertThat(items).anySatisfy(i -> {
                        assertThat(i.path("resident").asText()).isEqualTo("res-7f3a");
                        assertThat(i.path("what").asText()).isEqualTo("Weight going up");
                    });
                });
                // The trend the worklist item points at has the week's readings behind it.
                JsonNode window = null;
                for (JsonNode i : clinician.get("/api/worklist").path("items")) {
                    if (i.path("resident").asText().equals("res-demo")) {
                        window = i.path("trend");
                    }
                }
                JsonNode trend = clinician.get("/api/residents/res-demo/trends?type=bloodPressure&from="
                        + Instant.ofEpochMilli(window.path("from").asLong()) + "&to="
                        + Instant.ofEpochMilli(window.path("to").asLong()));
                assertThat(trend.path("trend").path("points")).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.path("fields").has("systolic")).isTrue());

                // The responders' health overview: Arthur's hub (his pendant went flat, then his broadband went off)
                // has an open equipment problem; the homes that live on are heard from.
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    List<JsonNode> hubs = hubsOf(responder.get("/api/health"));
                    assertThat(hubs).anySatisfy(h -> {
                        assertThat(h.path("hub").asText()).isEqualTo("hub-0002");
                        assertThat(h.path("resident").asText()).isEqualTo("res-sim");
                        assertThat(h.path("problems")).extracting(JsonNode::asText).contains("HUB_OFFLINE");
                    });
                    assertThat(hubs).filteredOn(h -> h.path("hub").asText().equals("hub-0001")).singleElement()
                            .satisfies(h -> assertThat(h.path("online").asBoolean()).isTrue());
                });

                // Sam's view of his mum: her circle entry shares trends, so her week's blood pressure is summed up.
                await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode mum = sam.get("/api/family").path("relatives").get(0);
                    assertThat(mum.path("id").asText()).isEqualTo("res-demo");
                    assertThat(mum.path("bloodPressure").path("verdict").asText()).isEqualTo("ABOVE");
                    assertThat(mum.path("bloodPressure").path("readings").asLong()).isPositive();
                    assertThat(mum.path("hub").path("online").asBoolean()).isTrue();
                });
            }
            // Each home's scenario went as its own check expects (what reached the cloud, nothing left behind).
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(lines(captured))
                    .filteredOn(l -> l.path("event").asText().equals("home.played"))
                    .hasSize(3).allSatisfy(l -> assertThat(l.path("asExpected").asBoolean()).as(l.toString()).isTrue()));
            assertThat(lines(captured)).noneSatisfy(l -> assertThat(l.path("event").asText()).isEqualTo("home.error"));
        } finally {
            demo.interrupt(); // as Ctrl-C: the demo closes its homes, hubs, relay and broker
            demo.join(Duration.ofSeconds(60).toMillis());
            System.setOut(original);
        }
        assertThat(demo.isAlive()).as("the demo stopped").isFalse();
    }

    /** {@code /api/health}: a list of hubs (or, paged, an object with them under {@code hubs}). */
    private static List<JsonNode> hubsOf(JsonNode health) {
        List<JsonNode> out = new ArrayList<>();
        (health.isArray() ? health : health.path("hubs")).forEach(out::add);
        return out;
    }

    private static List<JsonNode> lines(ByteArrayOutputStream captured) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException halfWritten) {
                    // the demo is still printing this line
                }
            }
        }
        return out;
    }
}
