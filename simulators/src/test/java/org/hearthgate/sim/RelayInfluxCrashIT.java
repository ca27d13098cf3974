package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.console.Users;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.InfluxServer;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * Fault test with InfluxDB as the reading store: 10,000 readings from 100 hubs, the relay process killed with SIGKILL
 * mid-stream and started again on the same spool and database while the hubs keep sending (and resend whatever had no
 * receipt, as the real hub's outbox does). InfluxDB ends up with every reading exactly once, and an alarm sent while
 * the relay was dead is stored once it is back.
 */
class RelayInfluxCrashIT {
    private static final int HUBS = 100;
    private static final int READINGS_PER_HUB = 100;
    private static final Instant BASE = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @Test
    void tenThousandReadingsFromAHundredHubsAreStoredExactlyOnceAcrossARelayKill() throws Exception {
        Path dir = Stack.tempDir();
        int consolePort = Broker.freePort();
        StringBuilder hubs = new StringBuilder();
        for (int i = 0; i < HUBS; i++) {
            hubs.append("  - {tenant: demo, id: hub-").append(i).append("}\n");
        }
        List<RelayLoadIT.LoadHub> fleet = new ArrayList<>();
        ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor();
        Process relay = null;
        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort());
                InfluxServer influx = InfluxServer.start();
                InfluxDB client = InfluxDBFactory.connect(influx.url())) {
            Path config = dir.resolve("cloud.yaml");
            Files.writeString(config, """
                    broker: {url: "%s", clientId: relay-influx}
                    database: %s
                    console: {host: 127.0.0.1, port: %d}
                    users:
                      - {name: ops, role: RESPONDER, passwordHash: "%s"}
                    readings:
                      influx: {url: "%s", database: telecare, retentionDays: 3650}
                      spool: %s
                    hubs:
                    %s""".formatted(broker.url(), dir.resolve("cloud.db"), consolePort,
                    Users.hash(RelayProcesses.PASSWORD.toCharArray()), influx.url(), dir.resolve("spool"), hubs));
            relay = RelayProcesses.start(config, dir, "-Xmx256m");
            for (int i = 0; i < HUBS; i++) {
                fleet.add(new RelayLoadIT.LoadHub(broker.url(), i));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.stream().allMatch(h -> h.link.isConnected()));
            RelayProcesses.console(consolePort).close();
            resender.scheduleWithFixedDelay(() -> fleet.forEach(RelayLoadIT.LoadHub::resend), 3, 3, TimeUnit.SECONDS);

            // half the readings; the relay is killed while they are being stored
            send(fleet, 0, READINGS_PER_HUB / 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> points(client) >= 500);
            relay.destroyForcibly().waitFor();

            // the rest, and an alarm, while the relay is dead; then it comes back on the same spool and database
            send(fleet, READINGS_PER_HUB / 2, READINGS_PER_HUB);
            fleet.get(7).send(new AlarmRaised(AlarmId.of("influx-crash-alarm"), ResidentId.of("res-hub-7"),
                    EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "PERSONAL_TRIGGER/p", DeviceId.of("p"),
                    "pendant pressed", null));
            relay = RelayProcesses.start(config, dir, "-Xmx256m");
            try (ConsoleClient console = RelayProcesses.console(consolePort)) {
                await("every message receipted").atMost(Duration.ofSeconds(180))
                        .until(() -> fleet.stream().allMatch(h -> h.pending.isEmpty()));

                // THEN every reading is one point: 100 per hub, none lost, none twice
                assertThat(points(client)).isEqualTo((long) HUBS * READINGS_PER_HUB);
                QueryResult perHub = client.query(new Query("SELECT count(\"value\") FROM \"readings\".\"spo2\" "
                        + "GROUP BY \"hub\"", "telecare"));
                assertThat(perHub.getResults().get(0).getSeries()).hasSize(HUBS).allSatisfy(s -> assertThat(
                        ((Number) s.getValues().get(0).get(1)).longValue()).isEqualTo(READINGS_PER_HUB));
                assertThat(console.get("/api/alarms?open=false").size()).isEqualTo(1);
                com.fasterxml.jackson.databind.JsonNode metrics = console.get("/api/metrics");
                assertThat(metrics.path("readings").asLong()).as("readings went to InfluxDB, not to the SQL store")
                        .isZero();
                await("the spool drained").atMost(Duration.ofSeconds(30)).until(() -> {
                    com.fasterxml.jackson.databind.JsonNode store = console.get("/api/metrics").path("relay")
                            .path("live").path("readingStore");
                    return store.path("spoolSize").asLong() == 0 && store.path("influxUp").asBoolean();
                });
                assertThat(metrics.path("relay").path("live").path("readingStore").path("refused").asLong()).isZero();
            }
        } finally {
            resender.shutdownNow();
            fleet.forEach(RelayLoadIT.LoadHub::close);
            if (relay != null) {
                relay.destroyForcibly().waitFor();
            }
            TempDirs.delete(dir);
        }
    }

    /** Readings {@code from..to} of every hub, each at its own second of device time. */
    private static void send(List<RelayLoadIT.LoadHub> fleet, int from, int to) {
        for (int n = from; n < to; n++) {
            for (RelayLoadIT.LoadHub h : fleet) {
                h.send(new Reading(ResidentId.of("res-" + h.id), new OxygenSaturation(DeviceId.of("ox"),
                        BASE.plusSeconds(n), Quantity.of(90 + n % 10, Ucum.PERCENT), null, null, Set.of())));
            }
        }
    }

    private static long points(InfluxDB client) {
        QueryResult r = client.query(new Query("SELECT count(\"value\") FROM \"readings\".\"spo2\"", "telecare"));
        if (r.hasError() || r.getResults().get(0).hasError() || r.getResults().get(0).getSeries() == null) {
            return 0;
        }
        return ((Number) r.getResults().get(0).getSeries().get(0).getValues().get(0).get(1)).longValue();
    }
}
