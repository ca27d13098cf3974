package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.cli.HearthgateCli;
import org.hearthgate.sim.stack.Stack;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./hearthgate sim power-cut --broker URL} against a real Mosquitto and cloud relay: the scenario's day reaches
 * the cloud through the broker, the relay receipts everything (the hub's outbox empties), and the pendant press made
 * on battery is an alarm in the relay's store.
 */
class SimCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aScenarioPlayedAgainstARunningCloudEndsInTheRelaysStore() throws Exception {
        try (Broker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), Clock.systemUTC())) {
            stack.startRelay(0);
            // The relay takes messages only from registered hubs.
            stack.relay().registry().register(Stack.TENANT, HubId.of("hub-sim"));
            await().atMost(Duration.ofSeconds(20)).until(stack.relay()::isConnected);

            CommandLine cl = HearthgateCli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int exit = cl.execute("sim", "power-cut", "--broker", broker.url(), "--tenant", Stack.TENANT.value(),
                    "--hub", "hub-sim");

            assertThat(exit).as(out + "\n" + err).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String l : out.toString().split("\n")) {
                lines.add(JSON.readTree(l));
            }
            JsonNode summary = lines.getLast();
            assertThat(summary.path("asExpected").asBoolean()).isTrue();
            assertThat(summary.path("undelivered").asInt()).isZero();
            assertThat(lines).anySatisfy(n -> assertThat(n.path("event").asText()).isEqualTo("POWER_FAIL"));
            JsonNode alarm = lines.stream().filter(n -> n.path("alarm").asText().equals("PERSONAL_TRIGGER"))
                    .findFirst().orElseThrow();
            assertThat(stack.relay().store().alarm(AlarmId.of(alarm.path("id").asText()))).isPresent();
        }
    }
}
