package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.plan.CarePlanSettings;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.junit.jupiter.api.Test;

/**
 * A care plan pushed down a real Mosquitto to a hub the demo's {@link Stack} runs, as the cloud's editor does: the hub
 * confirms it in an event and its heartbeats, keeps it next to its outbox in the work directory, and runs it again
 * after a restart. The test plays the cloud's side of the wire.
 */
class HubCarePlanIT {
    private static final HubId HUB = HubId.of("hub-plan");
    private static final String PLAN = "activity: {inactivity: [{id: quiet, mode: continuous, after: 4h}]}\n";

    @Test
    void aPushedPlanIsConfirmedKeptAndRunAgainAfterARestart() throws Exception {
        WireCodec codec = new WireCodec();
        String digest = ConfigUpdate.carePlanDigest(PLAN);
        Path work = Stack.tempDir();
        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), work, Clock.systemUTC())) {
            List<Message> up = new CopyOnWriteArrayList<>();
            MqttClient cloud = new MqttClient(broker.url(), "cloud-test", new MemoryPersistence());
            cloud.connect(new MqttConnectionOptions());
            // The array form: Paho 1.2.5's single-subscription overload with a listener calls itself.
            cloud.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/" + Stack.TENANT + "/" + HUB + "/up/#", 1)},
                    new IMqttMessageListener[] {(topic, m) -> up.add(codec.decode(Topics.parse(topic), m.getPayload()))});

            Hub hub = stack.startHub(HUB, ResidentId.of("res-plan"), List.of(), HubObserver.NONE, Annunciator.logging());
            assertThat(hub.carePlanInForce()).isEqualTo("defaults");
            await().atMost(Duration.ofSeconds(20)).until(() -> !heartbeats(up).isEmpty());
            assertThat(heartbeats(up).getFirst().carePlan()).isEqualTo("defaults");

            Message push = new Message(Message.SCHEMA_VERSION, MessageId.random(), HUB, 1,
                    java.time.Instant.now(), new ConfigUpdate(null, PLAN));
            cloud.publish(Topics.of(Stack.TENANT, HUB, Channel.CONFIG).path(), codec.encode(push), 1, false);

            await().atMost(Duration.ofSeconds(20)).until(() -> events(up).stream()
                    .anyMatch(e -> e.detail().equals("config applied: carePlan " + digest)));
            assertThat(events(up)).filteredOn(e -> e.detail().startsWith("config applied"))
                    .allSatisfy(e -> assertThat(e.priority()).isEqualTo(Priority.INFO));
            await().atMost(Duration.ofSeconds(20)).until(() -> heartbeats(up).stream()
                    .anyMatch(h -> digest.equals(h.carePlan())));
            assertThat(CarePlanSettings.remoteFileFor(work.resolve("outbox-" + HUB + ".db"))).exists();

            // The hub restarts (a power cut, an update): the pushed plan is in force again from the first heartbeat.
            hub.close();
            up.clear();
            Hub restarted = stack.startHub(HUB, ResidentId.of("res-plan"), List.of(), HubObserver.NONE, Annunciator.logging());
            assertThat(restarted.carePlanInForce()).isEqualTo(digest);
            await().atMost(Duration.ofSeconds(30)).until(() -> !heartbeats(up).isEmpty());
            assertThat(heartbeats(up)).extracting(Heartbeat::carePlan).containsOnly(digest);
            cloud.disconnect();
            cloud.close();
        }
    }

    private static List<Heartbeat> heartbeats(List<Message> up) {
        return up.stream().filter(m -> m.body() instanceof Heartbeat).map(m -> (Heartbeat) m.body()).toList();
    }

    private static List<Event> events(List<Message> up) {
        return up.stream().filter(m -> m.body() instanceof Event).map(m -> (Event) m.body()).toList();
    }
}
