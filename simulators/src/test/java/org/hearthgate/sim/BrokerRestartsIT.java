package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.EmbeddedBroker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault test, repeated: the broker dies 20 times with readings and an alarm in flight each time (Mosquitto by SIGKILL
 * with its persistence; the embedded HiveMQ stopped, losing every session). Each alarm raised during an outage must be
 * delivered (the cloud's receipt back at the hub) within a few seconds of the broker's return; at the end every
 * reading is stored exactly once, and the responder's console has shown each alarm exactly once.
 */
class BrokerRestartsIT {
    private static final int RESTARTS = 20;

    /** Starts a broker on a port (the same one each time) and crashes it. */
    interface Brokers extends AutoCloseable {
        Broker start();

        void crash(Broker b);

        @Override
        default void close() {
        }
    }

    static Stream<Arguments> brokers() {
        int mosquittoPort = Broker.freePort();
        int hivePort = Broker.freePort();
        Path dir = MosquittoBroker.newDirectory();
        return Stream.of(
                Arguments.of("mosquitto", (Brokers) new Brokers() {
                    @Override
                    public Broker start() {
                        return MosquittoBroker.start(mosquittoPort, dir);
                    }

                    @Override
                    public void crash(Broker b) {
                        ((MosquittoBroker) b).kill();
                    }

                    @Override
                    public void close() {
                        TempDirs.delete(dir);
                    }
                }),
                Arguments.of("embedded", (Brokers) new Brokers() {
                    @Override
                    public Broker start() {
                        return EmbeddedBroker.start(hivePort);
                    }

                    @Override
                    public void crash(Broker b) {
                        b.close();
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void everyAlarmGetsThroughSoonAfterEveryRestartAndNothingIsLostOrDoubled(String name, Brokers brokers)
            throws Exception {
        Path work = Stack.tempDir();
        Broker broker = brokers.start();
        HubSettings settings = new HubSettings(Stack.TENANT, HubId.of("hub-restarts"), ResidentId.of("res-r"),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2), 500,
                "test");
        try (brokers; Stack stack = new Stack(broker.url(), work, Clock.systemUTC())) {
            stack.startRelay(0);
            EndToEndAlarmIT.RecordingHub recorder = new EndToEndAlarmIT.RecordingHub();
            Hub hub = stack.startHub(settings, List.of(), recorder, recorder);
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.relay().isConnected());
            int readings = 0;
            try (ConsoleClient console = new ConsoleClient(stack.relay().consolePort())
                    .login(Stack.DEMO_USER, Stack.DEMO_PASSWORD).follow()) {
                for (int round = 1; round <= RESTARTS; round++) {
                    readings += observeReadings(hub, 10);
                    brokers.crash(broker);
                    readings += observeReadings(hub, 10);
                    int before = recorder.receipted.size();
                    hub.observe(new PendantPress(DeviceId.of("pendant-1"), Instant.now()));
                    readings++; // the press itself is a reading too
                    broker = brokers.start();
                    final int expected = before + 1;
                    await("round " + round + ": the alarm's receipt after the broker came back")
                            .atMost(Duration.ofSeconds(8)).until(() -> recorder.receipted.size() >= expected);
                    // a responder answers it, so the next press is a new alarm (the hub keeps one open per key)
                    String id = recorder.receipted.get(expected - 1).alarm().value();
                    assertThat(console.act(id, "ack", "taking it")).isEqualTo(200);
                    assertThat(console.resolve(id, "RESIDENT_OK_AFTER_CALL", "resident OK")).isEqualTo(200);
                    await("round " + round + ": the resolution back at the hub").atMost(Duration.ofSeconds(20))
                            .until(() -> recorder.acks.stream().anyMatch(a -> a.alarm().value().equals(id)
                                    && a.state() == org.hearthgate.contract.alarm.AlarmState.RESOLVED));
                }
                final int total = readings;
                await("every reading stored").atMost(Duration.ofSeconds(90))
                        .until(() -> stack.relay().store().readingCount() >= total && hub.outboxDepth() == 0);
                assertThat(stack.relay().store().readingCount()).as("each reading exactly once").isEqualTo(total);
                assertThat(recorder.receipted).extracting(AlarmRaised::alarm).doesNotHaveDuplicates()
                        .hasSize(RESTARTS);
                assertThat(stack.relay().store().alarms(false, 100)).hasSize(RESTARTS);
                Map<String, Integer> shown = new HashMap<>();
                JsonNode e;
                while ((e = console.nextEvent("alarm.received", Duration.ofMillis(200))) != null) {
                    shown.merge(e.path("data").path("alarm").path("id").asText(), 1, Integer::sum);
                }
                assertThat(shown).as("each alarm shown to the responder once").hasSize(RESTARTS)
                        .allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
            }
        } finally {
            broker.close();
            TempDirs.delete(work);
        }
    }

    private static int observeReadings(Hub hub, int n) {
        for (int i = 0; i < n; i++) {
            hub.observe(new OxygenSaturation(DeviceId.of("ox-1"), Instant.now(), Quantity.of(95, Ucum.PERCENT), null,
                    null, Set.of()));
        }
        return n;
    }
}
