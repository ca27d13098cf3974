package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.junit.jupiter.api.Test;

/**
 * The broker ACL of docs/deploy/hearthgate.acl, on a real Mosquitto: a hub can publish only under its own id and
 * read only its own down topics; anonymous clients are refused; the relay reads every hub and writes down.
 */
class BrokerAclIT {

    @Test
    void aHubMaySpeakOnlyForItself() throws Exception {
        Path dir = MosquittoBroker.newDirectory();
        Path passwd = dir.resolve("passwd");
        boolean first = true;
        for (String user : List.of("hub-1", "hub-2", "relay")) {
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
        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort(), dir, """
                allow_anonymous false
                password_file %s
                acl_file %s
                """.formatted(passwd, dir.resolve("acl")))) {
            List<String> relaySaw = new CopyOnWriteArrayList<>();
            MqttClient relay = connect(broker, "relay");
            relay.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/+/+/up/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> relaySaw.add(topic)});
            List<String> hub2Saw = new CopyOnWriteArrayList<>();
            MqttClient hub2 = connect(broker, "hub-2");
            hub2.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/+/+/down/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> hub2Saw.add(topic)});
            MqttClient hub1 = connect(broker, "hub-1");

            publish(hub1, "hg/v1/acme/hub-2/up/alarm");      // pretending to be another hub: dropped
            publish(hub1, "hg/v1/acme/hub-1/down/ack");      // writing to its own down topic: dropped
            publish(relay, "hg/v1/acme/hub-1/down/receipt"); // the relay answers hub-1: hub-2 must not see it
            publish(hub1, "hg/v1/acme/hub-1/up/alarm");      // its own up topic: delivered

            await().atMost(Duration.ofSeconds(10)).until(() -> relaySaw.contains("hg/v1/acme/hub-1/up/alarm"));
            // The own-topic alarm was published last on hub-1's connection; MQTT keeps one client's order, so the
            // forbidden ones before it would have arrived by now.
            assertThat(relaySaw).containsExactly("hg/v1/acme/hub-1/up/alarm");
            publish(relay, "hg/v1/acme/hub-2/down/receipt");
            await().atMost(Duration.ofSeconds(10)).until(() -> !hub2Saw.isEmpty());
            assertThat(hub2Saw).containsExactly("hg/v1/acme/hub-2/down/receipt");

            MqttClient anonymous = new MqttClient(broker.url(), "anon", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(5);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> anonymous.connect(o)))
                    .as("anonymous clients are refused").isInstanceOf(MqttException.class);
            for (MqttClient c : List.of(relay, hub1, hub2)) {
                c.disconnect();
                c.close();
            }
        }
    }

    private static MqttClient connect(MosquittoBroker broker, String user) throws MqttException {
        MqttClient c = new MqttClient(broker.url(), user + "-client", new MemoryPersistence());
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
