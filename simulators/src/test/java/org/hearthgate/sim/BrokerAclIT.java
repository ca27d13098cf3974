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
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hearthgate.mqtt.MqttLink;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.junit.jupiter.api.Test;

/**
 * The broker ACL of docs/deploy/hearthgate.acl, on a real Mosquitto with password accounts named
 * {@code <tenant>/<hub>}: a hub can publish only under its own tenant and id and read only its own down topics (a hub
 * of the same id in another tenant is another hub); anonymous clients are refused; the relay reads every hub, through
 * the shared subscription and plainly, and writes down.
 */
class BrokerAclIT {

    @Test
    void aHubMaySpeakOnlyForItselfInItsOwnTenant() throws Exception {
        Path dir = MosquittoBroker.newDirectory();
        try (MosquittoBroker broker = startWithShippedAcl(dir, "acme/hub-1", "acme/hub-2", "other/hub-1", "relay")) {
            // the relay reads as it does in production: through the shared subscription, and one plain filter
            // (an MqttLink: Paho's per-subscription listeners do not route messages of a $share filter)
            List<String> relaySaw = new CopyOnWriteArrayList<>();
            MqttLink relayLink = new MqttLink(MqttLink.Settings.of(broker.url(), "relay-a")
                    .withCredentials("relay", "pw-relay".toCharArray())
                    .withSubscriptions(List.of(new MqttLink.Subscription("$share/relay/hg/v1/+/+/up/#", 1),
                            new MqttLink.Subscription("hg/v1/+/+/up/status", 1))),
                    (topic, payload, ack) -> relaySaw.add(topic), Clock.systemUTC()).start();
            await().atMost(Duration.ofSeconds(10)).until(relayLink::isConnected);
            MqttClient relay = connect(broker, "relay");
            List<String> hub2Saw = new CopyOnWriteArrayList<>();
            MqttClient hub2 = connect(broker, "acme/hub-2");
            hub2.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/acme/hub-2/down/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> hub2Saw.add(topic)});
            List<String> otherSaw = new CopyOnWriteArrayList<>();
            MqttClient otherHub1 = connect(broker, "other/hub-1");
            otherHub1.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/other/hub-1/down/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> otherSaw.add(topic)});
            MqttClient hub1 = connect(broker, "acme/hub-1");

            publish(hub1, "hg/v1/acme/hub-2/up/alarm");      // pretending to be another hub: dropped
            publish(hub1, "hg/v1/other/hub-1/up/alarm");     // its own hub id under another tenant: dropped
            publish(hub1, "hg/v1/acme/hub-1/down/ack");      // writing to its own down topic: dropped
            publish(relay, "hg/v1/acme/hub-1/down/receipt"); // the relay answers acme's hub-1: nobody else sees it
            publish(hub1, "hg/v1/acme/hub-1/up/alarm");      // its own up topic: delivered
            publish(hub1, "hg/v1/acme/hub-1/up/status");     // and its status, which the relay also reads plainly

            await().atMost(Duration.ofSeconds(10)).until(() -> relaySaw.stream()
                    .filter("hg/v1/acme/hub-1/up/status"::equals).count() == 2);
            // The status was published last on hub-1's connection; MQTT keeps one client's order, so the forbidden
            // ones before it would have arrived by now. It comes twice: once per subscription, so both are allowed.
            assertThat(relaySaw).containsExactlyInAnyOrder("hg/v1/acme/hub-1/up/alarm",
                    "hg/v1/acme/hub-1/up/status", "hg/v1/acme/hub-1/up/status");
            // hub-1 also tries to listen to the same hub id in another tenant (Mosquitto grants the subscription
            // and checks every message against the ACL as it delivers it)
            List<String> hub1Saw = new CopyOnWriteArrayList<>();
            hub1.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/other/hub-1/down/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> hub1Saw.add(topic)});
            hub1.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/acme/hub-1/down/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> hub1Saw.add(topic)});
            publish(relay, "hg/v1/acme/hub-2/down/receipt");
            publish(relay, "hg/v1/other/hub-1/down/receipt");
            publish(relay, "hg/v1/acme/hub-1/down/ack");
            await().atMost(Duration.ofSeconds(10)).until(() -> !hub2Saw.isEmpty() && !otherSaw.isEmpty()
                    && hub1Saw.contains("hg/v1/acme/hub-1/down/ack"));
            assertThat(hub2Saw).containsExactly("hg/v1/acme/hub-2/down/receipt");
            assertThat(otherSaw).as("the same hub id in another tenant hears only its own")
                    .containsExactly("hg/v1/other/hub-1/down/receipt");
            assertThat(hub1Saw).as("the receipt for other/hub-1 came first and was withheld from acme/hub-1")
                    .containsExactly("hg/v1/acme/hub-1/down/ack");

            MqttClient anonymous = new MqttClient(broker.url(), "anon", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(5);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> anonymous.connect(o)))
                    .as("anonymous clients are refused").isInstanceOf(MqttException.class);
            relayLink.close();
            for (MqttClient c : List.of(relay, hub1, hub2, otherHub1)) {
                c.disconnect();
                c.close();
            }
        } finally {
            org.hearthgate.sim.stack.TempDirs.delete(dir);
        }
    }

    /** Mosquitto with one password account per user (password "pw-" + user) and docs/deploy/hearthgate.acl. */
    private static MosquittoBroker startWithShippedAcl(Path dir, String... users) throws Exception {
        Path passwd = dir.resolve("passwd");
        boolean first = true;
        for (String user : users) {
            List<String> cmd = new java.util.ArrayList<>(List.of("mosquitto_passwd"));
            if (first) {
                cmd.add("-c"); // create the file with the first user
            }
            cmd.addAll(List.of("-b", passwd.toString(), user, "pw-" + user));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            assertThat(p.waitFor()).as("mosquitto_passwd for " + user).isZero();
            first = false;
        }
        Files.copy(Path.of("..", "docs", "deploy", "hearthgate.acl"), dir.resolve("acl"));
        passwd.toFile().setReadable(true, false);
        dir.resolve("acl").toFile().setReadable(true, false);
        return MosquittoBroker.start(Broker.freePort(), dir, """
                allow_anonymous false
                password_file %s
                acl_file %s
                """.formatted(passwd, dir.resolve("acl")));
    }

    private static MqttClient connect(MosquittoBroker broker, String user) throws MqttException {
        MqttClient c = new MqttClient(broker.url(), user.replace('/', '.') + "-client", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setUserName(user);
        o.setPassword(("pw-" + user).getBytes(StandardCharsets.UTF_8));
        c.connect(o);
        return c;
    }

    private static void publish(MqttClient c, String topic) throws MqttException {
        c.publish(topic, "{}".getBytes(StandardCharsets.UTF_8), 1, false);
    }
}
