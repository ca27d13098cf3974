package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.hub.Announcement;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.junit.jupiter.api.Test;

/**
 * Fault test: the broker process is killed (SIGKILL) while the resident presses the pendant among a backlog of
 * readings, and the hub process is restarted on the same outbox. When the broker is back, nothing is lost, the
 * alarm goes first, and the resident was told in the meantime that the call had not got through yet.
 */
class BrokerOutageIT {

    @Test
    void alarmRaisedDuringAnOutageIsDeliveredFirstAndNothingIsLost() throws Exception {
        Clock clock = Clock.systemUTC();
        int port = Broker.freePort();
        MosquittoBroker broker = MosquittoBroker.start(port);
        HubSettings settings = HubSettings.defaults(Stack.TENANT, HubId.of("hub-outage"), ResidentId.of("res-o"))
                .withAlarmOverdue(Duration.ofMillis(500));
        try (Stack stack = new Stack(broker.url(), Stack.tempDir(), clock)) {
            stack.startRelay(0);
            EndToEndAlarmIT.RecordingHub first = new EndToEndAlarmIT.RecordingHub();
            Hub hub = stack.startHub(settings, List.of(), first, first);
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.relay().isConnected());

            // WHEN the broker dies
            broker.kill();
            // AND 200 readings pile up, then the pendant is pressed
            for (int i = 0; i < 200; i++) {
                hub.observe(new OxygenSaturation(DeviceId.of("ox-1"), Instant.now(), Quantity.of(95, Ucum.PERCENT),
                        null, null, java.util.Set.of()));
            }
            hub.observe(new PendantPress(DeviceId.of("pendant-1"), Instant.now()));
            // THEN the resident hears that the call has not got through yet
            await().atMost(Duration.ofSeconds(20)).until(() -> first.announced.contains(Announcement.NO_CONNECTION));
            await().atMost(Duration.ofSeconds(20)).until(hub::outboxDepth, org.hamcrest.Matchers.equalTo(202));
            // (the alarm, and 201 readings: the 200 oximetry readings and the pendant press itself)

            // WHEN the hub process restarts on the same outbox, and the broker comes back
            hub.close();
            broker = MosquittoBroker.start(port, broker.directory());
            List<String> order = new CopyOnWriteArrayList<>();
            MqttClient spy = new MqttClient(broker.url(), "spy", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            spy.connect(o);
            spy.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/+/hub-outage/up/+", 1)},
                    new IMqttMessageListener[] {(topic, m) -> order.add(Topics.parse(topic).channel().level())});
            EndToEndAlarmIT.RecordingHub second = new EndToEndAlarmIT.RecordingHub();
            Hub restarted = stack.startHub(settings, List.of(), second, second);

            // THEN every message arrives, the alarm first, and the restarted hub tells the resident it got through
            await().atMost(Duration.ofSeconds(60)).until(() -> restarted.outboxDepth() == 0);
            assertThat(second.receipted).as("the alarm raised before the restart").hasSize(1);
            assertThat(second.announced).contains(Announcement.CALL_RECEIVED);
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.relay().store().readingCount() == 201);
            assertThat(stack.relay().store().alarms(false, 10)).hasSize(1);
            List<String> dataMessages = order.stream().filter(c -> !c.equals(Channel.STATUS.level())
                    && !c.equals(Channel.HEARTBEAT.level())).toList();
            assertThat(dataMessages.get(0)).as("the first message after the outage").isEqualTo("alarm");
            assertThat(dataMessages).filteredOn("reading"::equals).hasSizeGreaterThanOrEqualTo(201);
            spy.disconnect();
            spy.close();
        } finally {
            broker.close();
        }
    }
}
