package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubMain;
import org.hearthgate.hub.config.HubConfig;
import org.hearthgate.mqtt.MqttLink;
import org.hearthgate.mqtt.Tls;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and identity for real: Debian's Mosquitto with a private CA, a certificate per client, the CN as the MQTT user
 * name and the shipped ACL (docs/deploy/hearthgate.acl); the clients are {@link MqttLink}s built from PEM files by
 * {@link Tls}, as the hub and the relay build theirs.
 */
class TlsBrokerIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aHubWithItsOwnCertificatePublishesButAnotherHubsCertificateCannotSpeakForIt() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair hub1 = pki.client("hub1", "acme/hub-1");
        TestPki.Pair hub2 = pki.client("hub2", "acme/hub-2");
        TestPki.Pair relay = pki.client("relay", "relay");
        List<String> relaySaw = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = mutualTlsBroker(pki, pki.server("server"));
                MqttLink relayLink = link(broker, "relay-a", tls(pki, relay), "hg/v1/+/+/up/#", relaySaw)) {
            await().atMost(WAIT).until(relayLink::isConnected);

            // GIVEN hub-1 with its own certificate WHEN it publishes under its own tenant and id THEN it arrives
            try (MqttLink hub1Link = link(broker, "hub-1@acme", tls(pki, hub1), null, null)) {
                await().atMost(WAIT).until(hub1Link::isConnected);
                hub1Link.publish("hg/v1/acme/hub-1/up/alarm", bytes("from hub-1"), false).get(10, TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> relaySaw.contains("hg/v1/acme/hub-1/up/alarm from hub-1"));
            }

            // GIVEN hub-2's certificate, even with hub-1's client id WHEN it publishes as hub-1
            try (MqttLink impostor = link(broker, "hub-1@acme", tls(pki, hub2), null, null)) {
                await().atMost(WAIT).until(impostor::isConnected);
                var forged = impostor.publish("hg/v1/acme/hub-1/up/alarm", bytes("forged by hub-2"), false);
                var forgedTenant = impostor.publish("hg/v1/other/hub-2/up/alarm", bytes("forged tenant"), false);
                impostor.publish("hg/v1/acme/hub-2/up/alarm", bytes("from hub-2"), false).get(10, TimeUnit.SECONDS);

                // THEN only its own message arrives: it was sent last on the same connection, and MQTT keeps one
                // client's order, so the forged ones would have arrived before it
                await().atMost(WAIT).until(() -> relaySaw.contains("hg/v1/acme/hub-2/up/alarm from hub-2"));
                assertThat(relaySaw).containsExactly("hg/v1/acme/hub-1/up/alarm from hub-1",
                        "hg/v1/acme/hub-2/up/alarm from hub-2");
                // and the hub hears of it: Mosquitto answers a refused QoS 1 publish with "not authorised"
                assertThat(forged).isCompletedExceptionally();
                assertThat(forgedTenant).isCompletedExceptionally();
            }
        }
    }

    @Test
    void aHubConfiguredByItsHubYamlComesOnlineOverMutualTls() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair hub1 = pki.client("hub1", "acme/hub-1");
        TestPki.Pair relay = pki.client("relay", "relay");
        List<String> relaySaw = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = mutualTlsBroker(pki, pki.server("server"));
                MqttLink relayLink = link(broker, "relay-a", tls(pki, relay), "hg/v1/+/+/up/#", relaySaw)) {
            await().atMost(WAIT).until(relayLink::isConnected);
            Path yaml = Files.writeString(dir.resolve("hub.yaml"), """
                    tenant: acme
                    hub: hub-1
                    resident: res-1
                    broker: {url: "%s", caFile: "%s", certFile: "%s", keyFile: "%s"}
                    outbox: {path: "%s"}
                    """.formatted(broker.url(), pki.ca(), hub1.cert(), hub1.key(), dir.resolve("outbox.db")));

            Hub hub = HubMain.build(HubConfig.load(yaml), Clock.systemUTC(), List.of());
            try {
                hub.start();
                // its status goes out once it is connected and subscribed to its own down topic: both allowed
                await().atMost(WAIT).until(() -> relaySaw.stream()
                        .anyMatch(m -> m.startsWith("hg/v1/acme/hub-1/up/status ")));
            } finally {
                hub.close();
            }
        }
    }

    @Test
    void aBrokerWhoseCertificateNoCaVouchesForIsRefused() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair hub1 = pki.client("hub1", "acme/hub-1");
        List<String> reasons = new CopyOnWriteArrayList<>();
        try (MosquittoBroker broker = mutualTlsBroker(pki, pki.selfSignedServer("impostor-broker"));
                MqttLink hub = new MqttLink(MqttLink.Settings.of(broker.url(), "hub-1@acme").withTls(tls(pki, hub1)),
                        handler(null, reasons), Clock.systemUTC()).start()) {
            await().atMost(WAIT).until(() -> hub.status().lastError() != null);
            assertThat(hub.status().lastError()).startsWith("server certificate not trusted: ");
            assertThat(reasons.get(0)).startsWith("server certificate not trusted: ");
            assertThat(hub.isConnected()).isFalse();
        }
    }

    @Test
    void aBrokerCertificateForAnotherHostIsRefused() throws Exception {
        TestPki pki = new TestPki(dir);
        TestPki.Pair hub1 = pki.client("hub1", "acme/hub-1");
        try (MosquittoBroker broker = mutualTlsBroker(pki, pki.server("other-host", "DNS:mqtt.example.org"));
                MqttLink hub = link(broker, "hub-1@acme", tls(pki, hub1), null, null)) {
            await().atMost(WAIT).until(() -> hub.status().lastError() != null);
            assertThat(hub.status().lastError()).startsWith("server certificate does not name this host: ");
        }
    }

    @Test
    void aHubWithoutACertificateIsRefusedAndToldWhy() throws Exception {
        TestPki pki = new TestPki(dir);
        try (MosquittoBroker broker = mutualTlsBroker(pki, pki.server("server"));
                MqttLink hub = link(broker, "hub-1@acme", Tls.socketFactory(pki.ca(), null, null), null, null)) {
            await().atMost(WAIT).until(() -> hub.status().lastError() != null);
            assertThat(hub.status().lastError()).startsWith("TLS handshake failed: the broker refused us");
            assertThat(hub.isConnected()).isFalse();
        }
    }

    /** The shipped ACL, a certificate required of every client, and its CN as the user name. */
    private MosquittoBroker mutualTlsBroker(TestPki pki, TestPki.Pair server) throws Exception {
        Path acl = dir.resolve("acl");
        Files.copy(Path.of("..", "docs", "deploy", "hearthgate.acl"), acl);
        acl.toFile().setReadable(true, false);
        return MosquittoBroker.startTls(Broker.freePort(), dir, """
                allow_anonymous false
                acl_file %s
                """.formatted(acl), """
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                use_identity_as_username true
                """.formatted(pki.ca(), server.cert(), server.key()));
    }

    private static SSLSocketFactory tls(TestPki pki, TestPki.Pair own) {
        return Tls.socketFactory(pki.ca(), own.cert(), own.key());
    }

    private static MqttLink link(MosquittoBroker broker, String clientId, SSLSocketFactory tls, String filter,
            List<String> seen) {
        MqttLink.Settings s = MqttLink.Settings.of(broker.url(), clientId).withTls(tls);
        if (filter != null) {
            s = s.withSubscriptions(List.of(new MqttLink.Subscription(filter, 1)));
        }
        return new MqttLink(s, handler(seen, new CopyOnWriteArrayList<>()), Clock.systemUTC()).start();
    }

    private static MqttLink.Handler handler(List<String> seen, List<String> reasons) {
        return new MqttLink.Handler() {
            @Override
            public void disconnected(String reason) {
                reasons.add(reason);
            }

            @Override
            public void message(String topic, byte[] payload, Runnable ack) {
                if (seen != null) {
                    seen.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
                }
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
