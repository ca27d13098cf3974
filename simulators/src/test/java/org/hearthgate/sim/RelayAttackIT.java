package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.Relay;
import org.hearthgate.relay.RelayMain;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay probed as an attacker and a chaos tester would, on loopback against a real Mosquitto with the shipped ACL
 * (docs/deploy/hearthgate.acl): one test per way the first relay failed.
 */
class RelayAttackIT {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final String SECRET = "sms-gateway-secret-0123456789";
    private final WireCodec codec = new WireCodec();
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path dir;
    private MosquittoBroker broker;
    private int port;

    @BeforeEach
    void broker() throws Exception {
        dir = MosquittoBroker.newDirectory();
        Path passwd = dir.resolve("passwd");
        boolean first = true;
        // user names as the shipped ACL expects: "<tenant>/<hub>" for hubs
        for (String user : List.of("acme/hub-good", "acme/hub-evil", "acme/hub-stranger", "relay")) {
            List<String> cmd = new ArrayList<>(List.of("mosquitto_passwd"));
            if (first) {
                cmd.add("-c");
            }
            cmd.addAll(List.of("-b", passwd.toString(), user, "pw-" + user));
            assertThat(new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor()).isZero();
            first = false;
        }
        Files.copy(Path.of("..", "docs", "deploy", "hearthgate.acl"), dir.resolve("acl"));
        passwd.toFile().setReadable(true, false);
        dir.resolve("acl").toFile().setReadable(true, false);
        port = Broker.freePort();
        broker = startBroker();
    }

    private MosquittoBroker startBroker() {
        return MosquittoBroker.start(port, dir, """
                allow_anonymous false
                password_file %s
                acl_file %s
                set_tcp_nodelay true
                """.formatted(dir.resolve("passwd"), dir.resolve("acl")));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        broker.close();
        TempDirs.delete(dir);
    }

    private Relay relay(String clientId) {
        Users users = new Users(Clock.systemUTC());
        users.addWithPassword("ops", org.hearthgate.contract.TenantId.of("acme"),
                org.hearthgate.relay.directory.Role.RESPONDER, "pw".toCharArray());
        Relay r = new Relay(new Relay.Settings(broker.url(), clientId, "relay", "pw-relay".toCharArray(), "relay",
                dir.resolve(clientId + ".db").toString(), "127.0.0.1", 0, List.of(new Relay.HubRef("acme", "hub-good"),
                        new Relay.HubRef("acme", "hub-evil")), null, 0, null, null, SECRET, null, null), users, Clock.systemUTC())
                .start();
        open.add(r);
        await().atMost(Duration.ofSeconds(20)).until(r::isConnected);
        return r;
    }

    private MqttClient hub(String hub) throws MqttException {
        String user = TENANT + "/" + hub;
        MqttClient c = new MqttClient(broker.url(), hub + "@" + TENANT + "-test", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(("pw-" + user).getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        open.add(() -> {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        });
        return c;
    }

    private void send(MqttClient c, String hub, Payload body) throws MqttException {
        send(c, hub, body, Instant.now());
    }

    private void send(MqttClient c, String hub, Payload body, Instant at) throws MqttException {
        Message m = new Message(1, MessageId.random(), HubId.of(hub), 1, at, body);
        while (true) {
            try {
                c.publish(Topics.of(TENANT, HubId.of(hub), body.channel()).path(), codec.encode(m), 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != 32202) { // Paho's "too many publishes in progress": wait for a PUBACK
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        }
    }

    private static AlarmRaised pendant(String hub, String alarmId) {
        return new AlarmRaised(AlarmId.of(alarmId), ResidentId.of("res-" + hub), EventCode.PERSONAL_TRIGGER,
                Priority.CRITICAL, "PERSONAL_TRIGGER/p", DeviceId.of("p"), "pendant pressed", null);
    }

    @Test
    void aHubCannotCancelOrResolveAnotherHubsAlarm() throws Exception {
        Relay relay = relay("relay-a");
        MqttClient good = hub("hub-good");
        MqttClient evil = hub("hub-evil");
        send(good, "hub-good", pendant("hub-good", "victim"));
        await().until(() -> relay.store().alarm(AlarmId.of("victim")).isPresent());
        send(evil, "hub-evil", new AlarmUpdate(AlarmId.of("victim"), AlarmState.CANCELLED, Priority.CRITICAL, "x"));
        send(evil, "hub-evil", new AlarmUpdate(AlarmId.of("victim"), AlarmState.RESOLVED, Priority.CRITICAL, "x"));
        await().until(() -> relay.metrics().refused.get() == 2);
        AlarmRecord a = relay.store().alarm(AlarmId.of("victim")).orElseThrow();
        assertThat(a.state()).isEqualTo(AlarmState.RECEIVED);
        assertThat(a.acknowledgedBy()).isNull();
        assertThat(relay.store().alarms(true, 10)).extracting(r -> r.id().value()).contains("victim");
    }

    @Test
    void poisonIsADeadLetterAndTheNextCriticalAlarmIsStoredAlsoAfterARestart() throws Exception {
        Relay relay = relay("relay-a");
        MqttClient evil = hub("hub-evil");
        String topic = Topics.of(TENANT, HubId.of("hub-evil"), org.hearthgate.contract.wire.Channel.READING).path();
        evil.publish(topic, new byte[] {0x00, 0x00, 0x00, 0x7B, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, 1, false);
        evil.publish(topic, ("{\"v\":1,\"id\":\"m-1\",\"hub\":\"hub-evil\",\"seq\":1,\"at\":1.0e16,\"body\":{\"type\":"
                + "\"reading\",\"resident\":\"r\",\"observation\":{\"kind\":\"spo2\",\"device\":\"ox\",\"at\":1,"
                + "\"spo2\":{\"value\":97,\"unit\":\"%\"}}}}").getBytes(StandardCharsets.UTF_8), 1, false);
        MqttClient good = hub("hub-good");
        send(good, "hub-good", pendant("hub-good", "after-poison"));
        await().until(() -> relay.store().alarm(AlarmId.of("after-poison")).isPresent());
        assertThat(relay.metrics().rejected.get()).isEqualTo(2);
        assertThat(relay.isConnected()).isTrue();

        // a restart: the broker has nothing left to hand back, and the relay keeps taking alarms
        relay.close();
        open.remove(relay);
        Relay again = relay("relay-a");
        send(good, "hub-good", pendant("hub-good", "after-restart"));
        await().until(() -> again.store().alarm(AlarmId.of("after-restart")).isPresent());
        assertThat(again.store().deadLetterCount()).as("each poison counted once").isEqualTo(2);
    }

    @Test
    void unknownHubsAndTenantsBecomeDeadLettersNeverAlarmsOrPhantomHubs() throws Exception {
        Relay relay = relay("relay-a");
        MqttClient stranger = hub("hub-stranger");
        send(stranger, "hub-stranger", pendant("hub-stranger", "phantom"));
        MqttClient evil = hub("hub-evil");
        Message other = new Message(1, MessageId.random(), HubId.of("hub-evil"), 1, Instant.now(),
                pendant("hub-evil", "other-tenant"));
        evil.publish("hg/v1/other-tenant/hub-evil/up/alarm", codec.encode(other), 1, false);
        await().until(() -> relay.metrics().unregistered.get() >= 1);
        MqttClient good = hub("hub-good");
        send(good, "hub-good", pendant("hub-good", "real"));
        await().until(() -> relay.store().alarm(AlarmId.of("real")).isPresent());
        assertThat(relay.store().alarm(AlarmId.of("phantom"))).isEmpty();
        assertThat(relay.store().alarm(AlarmId.of("other-tenant"))).isEmpty();
        assertThat(relay.store().hubs()).extracting(h -> h.hub()).containsExactly("hub-good");
    }

    @Test
    void aFloodOfAlarmsStampedInYearOneCannotHideAnotherHomesAlarm() throws Exception {
        Relay relay = relay("relay-a");
        MqttClient evil = hub("hub-evil");
        for (int i = 0; i < 200; i++) {
            send(evil, "hub-evil", pendant("hub-evil", "spam-" + i), Instant.parse("0001-01-01T00:00:00Z"));
        }
        await().until(() -> relay.store().alarms(false, 1_000).size() == 200);
        send(hub("hub-good"), "hub-good", pendant("hub-good", "real"));
        await().until(() -> relay.store().alarm(AlarmId.of("real")).isPresent());
        assertThat(relay.store().alarms(true, 200).subList(0, 2)).extracting(a -> a.id().value()).contains("real");
        MqttClient good = hub("hub-good");
        for (Instant bad : List.of(Instant.parse("2500-01-01T00:00:00Z"), Instant.ofEpochMilli(1_700_000_000L))) {
            send(good, "hub-good", new Reading(ResidentId.of("res-good"), new OxygenSaturation(DeviceId.of("ox"), bad,
                    Quantity.of(97, Ucum.PERCENT), null, null, Set.of())), bad);
        }
        await().until(() -> relay.metrics().badTime.get() == 202);
        assertThat(relay.store().readingCount()).isZero();
    }

    @Test
    void theRelayComesBackAfterABrokerRestartWithABacklogAndSaysWhenItIsDown() throws Exception {
        Relay relay = relay("relay-a");
        MqttClient good = hub("hub-good");
        for (int i = 0; i < 2_000; i++) {
            send(good, "hub-good", new Reading(ResidentId.of("res-good"), new OxygenSaturation(DeviceId.of("ox"),
                    Instant.now(), Quantity.of(97, Ucum.PERCENT), null, null, Set.of())));
        }
        broker.kill();
        await().until(() -> !relay.isConnected());
        assertThat(relay.metricsSnapshot().live().brokerConnected()).isFalse();
        assertThat(relay.metricsSnapshot().live().brokerError()).isNotBlank();
        broker = startBroker();
        await().atMost(Duration.ofSeconds(20)).until(relay::isConnected);
        MqttClient again = hub("hub-good");
        send(again, "hub-good", pendant("hub-good", "after-broker-restart"));
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.store().alarm(AlarmId.of("after-broker-restart"))
                .isPresent());
        assertThat(relay.metricsSnapshot().live().brokerConnected()).isTrue();
    }

    @Test
    void withOneOfTwoRelaysKilledEveryAlarmStillReachesTheOther() throws Exception {
        Relay a = relay("relay-a");
        Path config = dir.resolve("relay-b.yaml");
        Files.writeString(config, """
                broker: {url: "%s", clientId: relay-b, username: relay, password: pw-relay}
                database: %s
                console: {host: 127.0.0.1, port: 0}
                users:
                  - {name: ops, role: RESPONDER, passwordHash: "%s"}
                hubs:
                  - {tenant: acme, id: hub-good}
                """.formatted(broker.url(), dir.resolve("relay-b.db"), Users.hash("pw".toCharArray())));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process b = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RelayMain.class.getName(),
                "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("relay-b.log").toFile()).start();
        try {
            MqttClient good = hub("hub-good");
            send(good, "hub-good", pendant("hub-good", "both-see-it"));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("relay-b.log"))
                    .contains("connected to"));
            send(good, "hub-good", pendant("hub-good", "both-see-it-too"));
            await().until(() -> a.store().alarm(AlarmId.of("both-see-it-too")).isPresent());
            b.destroyForcibly().waitFor();
            for (int i = 0; i < 10; i++) {
                send(good, "hub-good", pendant("hub-good", "while-b-is-dead-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> a.store().alarms(true, 100).stream()
                    .filter(r -> r.id().value().startsWith("while-b-is-dead-")).count() == 10);
        } finally {
            b.destroyForcibly().waitFor();
        }
    }

    @Test
    void anAlarmByTextIsTheSameAlarmAsItsMqttCopy() throws Exception {
        Relay relay = relay("relay-a");
        AlarmRaised alarm = pendant("hub-good", "3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44");
        String text = SmsAlarmCodec.encode(TENANT, HubId.of("hub-good"), alarm, Instant.now());
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"id\":\"n-1\",\"source_number\":\"447700900123\",\"destination_number\":\"07700900000\","
                + "\"message\":\"" + text + "\",\"date_received\":\"2026-12-02T04:00:00.000000Z\"}";
        URI uri = URI.create("http://127.0.0.1:" + relay.consolePort() + "/sms/inbound");
        HttpResponse<String> unauthorised = http.send(HttpRequest.newBuilder(uri).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorised.statusCode()).isEqualTo(401);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + SECRET).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
        }
        await().until(() -> relay.store().alarm(alarm.alarm()).isPresent());
        // and the hub's own MQTT copy, with the same message id, is a duplicate
        MqttClient good = hub("hub-good");
        Message mqtt = new Message(1, MessageId.forAlarm(TENANT, HubId.of("hub-good"), alarm.alarm()),
                HubId.of("hub-good"), 5, Instant.now(), alarm);
        good.publish(Topics.of(TENANT, HubId.of("hub-good"), alarm.channel()).path(), codec.encode(mqtt), 1, false);
        await().until(() -> relay.metrics().duplicates.get() == 2);
        assertThat(relay.store().alarms(false, 10)).hasSize(1);
    }
}
