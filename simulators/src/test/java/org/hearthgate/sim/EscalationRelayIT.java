package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Escalation as it runs for real: relays as their own processes on one PostgreSQL, a real SMTP server (GreenMail)
 * and an SMS gateway over HTTP. An unacknowledged pendant press pages the on-call responder by SMS, then the
 * daughter by e-mail, repeats once, then tells the service manager: each message exactly once, whether the relay is
 * killed with SIGKILL in the middle of the chain or two relays share the work.
 */
class EscalationRelayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId TENANT = TenantId.of("esc");
    private static final HubId HUB = HubId.of("hub-e1");
    private static final String DIRECTORY = """
            tenant: {id: esc, name: Escalation Test Service}
            contacts:
              - {id: oncall, name: On-call responder, channels: [{channel: SMS, address: "+447700900001"}]}
              - {id: jo, name: Jo Evans, channels: [{channel: EMAIL, address: jo@example.org}]}
              - {id: manager, name: Service manager, channels: [{channel: EMAIL, address: manager@example.org}]}
            residents:
              - id: res-e1
                givenName: Edith
                familyName: Evans
                birthDate: 1936-02-02
                circle:
                  - {contact: oncall, role: ON_CALL, order: 1, sees: STATUS}
                  - {contact: jo, role: FAMILY, order: 1, sees: STATUS, calls: Mum}
                  - {contact: manager, role: SERVICE_MANAGER, order: 1, sees: ALERTS}
            hubs:
              - {id: hub-e1, resident: res-e1, passwordHash: "$7$101$o6/rihpEgwyKqOxR$nXnfr8A9YzU5XJt3fbNIswVD3HTL2fylU5lCYhMvO19fd6QVEyQzKderVXjNquI3ivfxX+feaKvU3KT5n0+HCA=="}
            """;
    /** Seconds, not minutes, so the chain runs in a test: on-call, wait, daughter, wait; once more; the manager. */
    private static final String POLICIES = """
            zone: Europe/London
            policies:
              fast:
                steps:
                  - {notify: ON_CALL, via: [SMS]}
                  - {wait: 3}
                  - {notify: FAMILY, via: [EMAIL]}
                  - {wait: 3}
                repeat: 1
                final: {notify: SERVICE_MANAGER, via: [EMAIL]}
              advisory:
                steps:
                  - {notify: SERVICE_MANAGER, via: [EMAIL]}
                final: {notify: SERVICE_MANAGER, via: [EMAIL]}
            priorities: {CRITICAL: fast, HIGH: fast, MEDIUM: fast, LOW: advisory, INFO: advisory}
            """;

    private Path dir;
    private MosquittoBroker broker;
    private PostgresServer postgres;
    private GreenMail mail;
    private HttpServer smsGateway;
    private final List<JsonNode> texts = new CopyOnWriteArrayList<>();
    private final List<Process> relays = new ArrayList<>();
    private String database;

    @BeforeEach
    void start() throws Exception {
        dir = TempDirs.create("escalation-it");
        broker = MosquittoBroker.start(Broker.freePort());
        postgres = PostgresServer.start();
        database = postgres.newDatabase();
        try (Database db = Database.open(database)) {
            new DirectoryImport(new SqlCareDirectory(db, Clock.systemUTC()), null).importYaml(DIRECTORY, "test");
        }
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        smsGateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        smsGateway.createContext("/sms", exchange -> {
            texts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            byte[] answer = "{\"id\":\"gw-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        smsGateway.start();
        Files.writeString(dir.resolve("policies.yaml"), POLICIES);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : relays) {
            p.destroyForcibly().waitFor();
        }
        smsGateway.stop(0);
        mail.stop();
        postgres.close();
        broker.close();
        TempDirs.delete(dir);
    }

    /** A relay process on the shared database; returns its console port once it answers. */
    private int startRelay(String name) throws Exception {
        int port = Broker.freePort();
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                broker: {url: "%s", clientId: %s}
                database: "%s"
                console: {host: 127.0.0.1, port: %d}
                users:
                  - {name: ops, tenant: esc, role: RESPONDER, passwordHash: "%s"}
                notify:
                  smtp: {host: 127.0.0.1, port: %d, security: NONE, from: alarms@hearthgate.test}
                  httpSms: {url: "http://127.0.0.1:%d/sms", token: test-gateway-token}
                escalation:
                  policies: {esc: "%s"}
                """.formatted(broker.url(), name, database, port, Users.hash(RelayProcesses.PASSWORD.toCharArray()),
                mail.getSmtp().getPort(), smsGateway.getAddress().getPort(), dir.resolve("policies.yaml")));
        relays.add(RelayProcesses.start(config, dir));
        RelayProcesses.console(port).close();
        return port;
    }

    private void pressPendant(String alarm) throws Exception {
        MqttClient hub = new MqttClient(broker.url(), "hub-e1@esc", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        hub.connect(o);
        Instant now = Instant.now();
        Message m = new Message(1, MessageId.random(), HUB, 1, now, new AlarmRaised(AlarmId.of(alarm),
                ResidentId.of("res-e1"), EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "PERSONAL_TRIGGER/p",
                DeviceId.of("pendant-1"), "pendant pressed", new PendantPress(DeviceId.of("pendant-1"), now)));
        hub.publish(Topics.of(TENANT, HUB, Channel.ALARM).path(), new WireCodec().encode(m), 1, false);
        hub.disconnect();
        hub.close();
    }

    private Map<String, Long> emailsTo() throws Exception {
        Map<String, Long> count = new java.util.TreeMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            for (var to : m.getAllRecipients()) {
                count.merge(to.toString(), 1L, Long::sum);
            }
        }
        return count;
    }

    private void theChainRanOnceToItsEnd() throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> emailsTo().containsKey("manager@example.org"));
        // Nothing more arrives after the final step: every message once, none again.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> texts.size() == 2
                && emailsTo().equals(Map.of("jo@example.org", 2L, "manager@example.org", 1L)));
        assertThat(texts).extracting(t -> t.path("to").asText()).containsOnly("+447700900001");
        assertThat(texts).extracting(t -> t.path("reference").asText()).doesNotHaveDuplicates();
        assertThat(texts.get(0).path("text").asText()).as("plain words, no clinical codes")
                .doesNotContain("PERSONAL_TRIGGER");
        MimeMessage toJo = java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals("jo@example.org");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(toJo)).as("the family's words")
                .contains("Mum").contains("/attend/");
    }

    @RepeatedTest(2)
    void aRelayKilledMidChainCarriesOnAndSendsNothingTwice() throws Exception {
        startRelay("relay-a");
        pressPendant("esc-kill");
        await().atMost(Duration.ofSeconds(60)).until(() -> !texts.isEmpty());
        Process first = relays.remove(0);
        first.destroyForcibly().waitFor(); // SIGKILL between the on-call SMS and the daughter's e-mail
        startRelay("relay-a");
        theChainRanOnceToItsEnd();
    }

    @Test
    void twoRelaysOnOnePostgresqlRunEachStepOnce() throws Exception {
        startRelay("relay-a");
        startRelay("relay-b");
        pressPendant("esc-two");
        theChainRanOnceToItsEnd();
        Map<String, Long> byReference = texts.stream().collect(Collectors.groupingBy(t -> t.path("reference")
                .asText(), Collectors.counting()));
        assertThat(byReference.values()).containsOnly(1L);
    }
}
