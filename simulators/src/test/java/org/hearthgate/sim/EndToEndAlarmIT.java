package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.hearthgate.drivers.gpio.ActiveLevel;
import org.hearthgate.drivers.gpio.GpioInput;
import org.hearthgate.drivers.gpio.GpioInputs;
import org.hearthgate.drivers.gpio.InputKind;
import org.hearthgate.drivers.gpio.Pull;
import org.hearthgate.hub.Announcement;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.EmbeddedBroker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.stack.Stack;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first alarm, end to end: a pendant press on the Pi4J mock platform reaches the hub, goes through a real broker to the cloud relay, a
 * console WebSocket client sees it live, the receipt goes back down to the hub, and a responder's acknowledgement
 * reaches the hub too. Run against a real Mosquitto and against the demo's embedded broker.
 */
class EndToEndAlarmIT {

    static Stream<Arguments> brokers() {
        return Stream.of(
                Arguments.of("mosquitto", (IntFunction<Broker>) MosquittoBroker::start),
                Arguments.of("embedded", (IntFunction<Broker>) EmbeddedBroker::start));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void pendantPressReachesTheConsoleAndTheReceiptAndAckComeBack(String name, IntFunction<Broker> brokers)
            throws Exception {
        Clock clock = Clock.systemUTC();
        try (Broker broker = brokers.apply(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), clock)) {
            stack.startRelay(0);
            RecordingHub recorder = new RecordingHub();
            // The pendant receiver's relay output on BCM 17 of a Pi, here on Pi4J's mock platform.
            Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                    .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
            GpioInputs gpio = new GpioInputs(pi4j, List.of(new GpioInput(DeviceId.of("pendant-1"), InputKind.PENDANT,
                    17, ActiveLevel.HIGH, Pull.DOWN, Duration.ofMillis(50), "hall")), clock);
            Hub hub = stack.startHub(HubId.of("hub-e2e"), ResidentId.of("res-e2e"), List.of(gpio), recorder,
                    recorder);
            try (ConsoleClient console = new ConsoleClient(stack.relay().consolePort())
                    .login(Stack.DEMO_USER, Stack.DEMO_PASSWORD).follow()) {
                await().atMost(Duration.ofSeconds(20)).until(stack.relay()::isConnected);

                // WHEN the resident presses the pendant: the receiver's line goes high
                pi4j.io(GpioInputs.ioId(17), MockDigitalInput.class).mockState(DigitalState.HIGH);

                // THEN the console sees the alarm live
                JsonNode received = console.nextEvent("alarm.received", Duration.ofSeconds(20));
                assertThat(received).as("alarm.received on the console WebSocket").isNotNull();
                String alarmId = received.path("data").path("alarm").path("id").asText();
                assertThat(received.path("data").path("alarm").path("code").asText()).isEqualTo("PERSONAL_TRIGGER");
                assertThat(received.path("data").path("alarm").path("priority").asText()).isEqualTo("CRITICAL");

                // AND the receipt reaches the hub, which tells the resident
                await().atMost(Duration.ofSeconds(20)).until(() -> recorder.receipted.stream()
                        .anyMatch(a -> a.alarm().value().equals(alarmId)));
                assertThat(recorder.announced).contains(Announcement.ALARM_RAISED, Announcement.CALL_RECEIVED);
                await().atMost(Duration.ofSeconds(10)).until(() -> hub.outboxDepth() == 0);

                // AND a responder's acknowledgement goes down to the hub
                assertThat(console.act(alarmId, "ack", "Help is on the way")).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).until(() -> recorder.acks.stream()
                        .anyMatch(a -> a.alarm().value().equals(alarmId)));
                assertThat(recorder.announced).contains(Announcement.HELP_ON_THE_WAY);
                assertThat(stack.relay().store().alarm(org.hearthgate.contract.AlarmId.of(alarmId)).orElseThrow()
                        .acknowledgedBy()).isEqualTo(Stack.DEMO_USER);
            } finally {
                pi4j.shutdown();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void malformedPayloadIsCountedAndDeadLetteredAndTheRelayStaysUp(String name, IntFunction<Broker> brokers)
            throws Exception {
        Clock clock = Clock.systemUTC();
        try (Broker broker = brokers.apply(Broker.freePort());
                Stack stack = new Stack(broker.url(), Stack.tempDir(), clock)) {
            stack.startRelay(0);
            stack.relay().registry().register(Stack.TENANT, HubId.of("hub-x"));
            await().atMost(Duration.ofSeconds(20)).until(stack.relay()::isConnected);
            MqttClient rogue = new MqttClient(broker.url(), "rogue", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            rogue.connect(o);
            String topic = "hg/v1/demo/hub-x/up/reading";
            rogue.publish(topic, "{\"v\":1,\"id\":\"m-1\",\"hub\":\"hub-x\",\"seq\":1,\"at\":1,\"body\":{\"type\":"
                    .getBytes(StandardCharsets.UTF_8), 1, false);
            rogue.publish(topic, ("{\"v\":1,\"id\":\"m-2\",\"hub\":\"hub-x\",\"seq\":2,\"at\":1,\"body\":{\"type\":"
                    + "\"reading\",\"resident\":\"r1\",\"observation\":{\"kind\":\"spo2\",\"device\":\"ox\",\"at\":1,"
                    + "\"spo2\":{\"value\":180,\"unit\":\"%\"}}}}").getBytes(StandardCharsets.UTF_8), 1, false);
            rogue.publish("hg/v1/demo/hub-x/up/alarm", new byte[] {(byte) 0xff, 0, 1}, 1, false);

            await().atMost(Duration.ofSeconds(20)).until(() -> stack.relay().metrics().rejected.get() == 3);
            assertThat(stack.relay().store().deadLetterCount()).isEqualTo(3);
            assertThat(stack.relay().store().deadLetters(10)).extracting(d -> d.reason())
                    .anyMatch(r -> r.startsWith("body.observation.spo2:"));

            // The relay is still up and takes the next good message.
            RecordingHub recorder = new RecordingHub();
            Hub hub = stack.startHub(HubId.of("hub-ok"), ResidentId.of("res-ok"), List.of(), recorder, recorder);
            hub.observe(new PendantPress(DeviceId.of("pendant-2"), Instant.now()));
            await().atMost(Duration.ofSeconds(20)).until(() -> !recorder.receipted.isEmpty());
            assertThat(stack.relay().metrics().accepted.get()).isGreaterThanOrEqualTo(1);
            rogue.disconnect();
            rogue.close();
        }
    }

    /** Records what the hub tells the resident and what comes back down. */
    static final class RecordingHub implements HubObserver, Annunciator {
        final List<AlarmRaised> receipted = new CopyOnWriteArrayList<>();
        final List<Ack> acks = new CopyOnWriteArrayList<>();
        final List<Announcement> announced = new CopyOnWriteArrayList<>();

        @Override
        public void alarmReceipted(AlarmRaised alarm, Instant triggeredAt, Instant receiptAt) {
            receipted.add(alarm);
        }

        @Override
        public void ackReceived(Ack ack, Instant at) {
            acks.add(ack);
        }

        @Override
        public void announce(Announcement announcement) {
            announced.add(announcement);
        }

        @Override
        public void prompt(String text, boolean cancellable) {
        }
    }
}
