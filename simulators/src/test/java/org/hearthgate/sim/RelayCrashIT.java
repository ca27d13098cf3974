package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.relay.console.Users;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.stack.Stack;
import org.junit.jupiter.api.Test;

/**
 * Fault test: the cloud relay runs as its own process and is killed with SIGKILL in the middle of a stream of
 * readings and an alarm, then started again on the same database. Every message ends up stored exactly once: the
 * hub re-sends what had no receipt and the relay's store is idempotent by message id.
 */
class RelayCrashIT {

    @Test
    void killedRelayLosesNothingAndStoresNothingTwice() throws Exception {
        Path dir = Stack.tempDir();
        int consolePort = Broker.freePort();
        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), dir, Clock.systemUTC())) {
            Path config = dir.resolve("cloud.yaml");
            Files.writeString(config, """
                    broker: {url: "%s", clientId: relay-proc}
                    database: %s
                    console: {host: 127.0.0.1, port: %d}
                    users:
                      - {name: ops, role: RESPONDER, passwordHash: "%s"}
                    hubs:
                      - {tenant: demo, id: hub-crash}
                    """.formatted(broker.url(), dir.resolve("cloud.db"), consolePort,
                    Users.hash(RelayProcesses.PASSWORD.toCharArray())));
            Process relay = RelayProcesses.start(config, dir);
            HubSettings settings = new HubSettings(Stack.TENANT, HubId.of("hub-crash"), ResidentId.of("res-c"),
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(2), 200,
                    "test");
            EndToEndAlarmIT.RecordingHub recorder = new EndToEndAlarmIT.RecordingHub();
            Hub hub = stack.startHub(settings, List.of(), recorder, recorder);
            try (ConsoleClient console = RelayProcesses.console(consolePort)) {
                for (int i = 0; i < 150; i++) {
                    hub.observe(reading());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> readings(console) >= 20);
            }

            // WHEN the relay process dies mid-stream
            relay.destroyForcibly().waitFor();
            for (int i = 0; i < 150; i++) {
                hub.observe(reading());
            }
            hub.observe(new PendantPress(DeviceId.of("pendant-1"), Instant.now()));

            // AND comes back on the same database
            relay = RelayProcesses.start(config, dir);
            try (ConsoleClient console = RelayProcesses.console(consolePort)) {
                // THEN everything arrives exactly once
                await().atMost(Duration.ofSeconds(60)).until(() -> hub.outboxDepth() == 0);
                assertThat(readings(console)).isEqualTo(301);
                assertThat(console.get("/api/alarms?open=false").size()).isEqualTo(1);
                assertThat(recorder.receipted).hasSize(1);
            } finally {
                relay.destroy();
                relay.waitFor();
            }
        }
    }

    private static OxygenSaturation reading() {
        return new OxygenSaturation(DeviceId.of("ox-1"), Instant.now(), Quantity.of(96, Ucum.PERCENT), null, null,
                Set.of());
    }

    private static long readings(ConsoleClient console) throws Exception {
        return console.get("/api/metrics").path("readings").asLong();
    }

}
