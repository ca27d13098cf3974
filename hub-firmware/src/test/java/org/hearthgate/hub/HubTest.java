package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Command;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.uplink.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub checks what the cloud tells it, and says so upward; a real outbox, an uplink that records. */
class HubTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-0001");
    private static final ResidentId RESIDENT = ResidentId.of("res-7f3a");

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-03-01T10:00:00Z");
    private final WireCodec codec = new WireCodec();
    private final RecordingUplink uplink = new RecordingUplink();
    private final List<Announcement> announced = new CopyOnWriteArrayList<>();
    private Hub hub;

    @BeforeEach
    void start() {
        HubSettings settings = HubSettings.defaults(TENANT, HUB, RESIDENT);
        Annunciator annunciator = new Annunciator() {
            @Override
            public void announce(Announcement a) {
                announced.add(a);
            }

            @Override
            public void prompt(String text, boolean cancellable) {
            }
        };
        hub = new Hub(settings, new SqliteOutbox(dir.resolve("outbox.db"), 1_000), uplink,
                new AlertEngine(RESIDENT, CarePlan.defaults(), clock), List.of(), annunciator, HubObserver.NONE,
                clock);
        hub.start();
        await().until(() -> uplink.listener != null);
        uplink.listener.connected();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void anAckForAnAlarmThisHubNeverRaisedIsRefusedAndCounted() {
        down(new Ack(AlarmId.random(), AlarmState.ACKNOWLEDGED, "responder", "Help is on the way"));
        await().until(() -> hub.refusedDownMessages() == 1);
        assertThat(announced).doesNotContain(Announcement.HELP_ON_THE_WAY);
    }

    @Test
    void anAckForItsOwnAlarmIsAnnounced() {
        AlarmRaised alarm = raisePendantAlarm();
        down(new Ack(alarm.alarm(), AlarmState.ACKNOWLEDGED, "responder", null));
        await().until(() -> announced.contains(Announcement.HELP_ON_THE_WAY));
        assertThat(hub.refusedDownMessages()).isZero();
    }

    @Test
    void aReceiptForMessagesThisHubNeverSentIsRefused() {
        down(new Receipt(List.of(MessageId.random()), Receipt.Status.ACCEPTED, null));
        await().until(() -> hub.refusedDownMessages() == 1);
        assertThat(announced).doesNotContain(Announcement.CALL_RECEIVED);
    }

    @Test
    void aSecondReceiptForTheSameAlarmIsNotAnIntruder() {
        raisePendantAlarm();
        MessageId sentId = uplink.published(Channel.ALARM).getFirst().id();
        down(new Receipt(List.of(sentId), Receipt.Status.ACCEPTED, null));
        down(new Receipt(List.of(sentId), Receipt.Status.DUPLICATE, null));
        await().until(() -> announced.contains(Announcement.CALL_RECEIVED));
        down(new Command("away-off", null)); // processed after both receipts: a marker that they were handled
        await().until(() -> events().size() == 1);
        assertThat(hub.refusedDownMessages()).isZero();
    }

    @Test
    void aCommandAboutAnAlarmThisHubNeverRaisedIsRefusedAndReported() {
        down(new Command("away-on", Map.of("alarm", AlarmId.random().value())));
        await().until(() -> hub.refusedDownMessages() == 1);
        await().until(() -> !events().isEmpty());
        assertThat(events().getFirst().detail()).startsWith("command refused");
    }

    @Test
    void awayOnAndOffAreConfirmedUpward() {
        down(new Command("away-on", null));
        down(new Command("away-off", null));
        await().until(() -> events().size() == 2);
        assertThat(events()).extracting(Event::code).containsOnly(EventCode.REMOTE_INSTRUCTION);
        assertThat(events()).extracting(Event::detail)
                .containsExactly("command applied: away-on", "command applied: away-off");
        assertThat(hub.refusedDownMessages()).isZero();
    }

    @Test
    void anUnknownCommandIsRefusedAndReported() {
        down(new Command("self-destruct", null));
        await().until(() -> events().size() == 1);
        assertThat(events().getFirst().detail()).isEqualTo("command refused: unknown command self-destruct");
        assertThat(hub.refusedDownMessages()).isEqualTo(1);
    }

    @Test
    void aNewHeartbeatIntervalIsAnnouncedAtOnceAndConfirmed() {
        down(new ConfigUpdate(600, null));
        // The cloud learns the longer interval before it could count the old one as missed.
        await().until(() -> uplink.published(Channel.HEARTBEAT).stream()
                .anyMatch(m -> ((Heartbeat) m.body()).intervalS() == 600));
        await().until(() -> events().size() == 1);
        assertThat(events().getFirst().detail()).isEqualTo("config applied: heartbeatS 600");
    }

    @Test
    void aHeartbeatIntervalTooShortIsRefusedAndReported() {
        Message valid = new Message(Message.SCHEMA_VERSION, MessageId.random(), HUB, 1, clock.instant(),
                new ConfigUpdate(30, null));
        String json = codec.encodeToString(valid).replace("\"heartbeatS\":30", "\"heartbeatS\":5");
        assertThat(json).contains("\"heartbeatS\":5");
        uplink.listener.received(topic(Channel.CONFIG), json.getBytes(StandardCharsets.UTF_8));
        await().until(() -> events().size() == 1);
        assertThat(events().getFirst().detail()).startsWith("config refused").contains("heartbeatS");
        assertThat(uplink.published(Channel.HEARTBEAT)).noneMatch(m -> ((Heartbeat) m.body()).intervalS() == 5);
    }

    @Test
    void aTestAlarmTakesTheAlarmPathAndSaysTest() {
        AlarmId id = hub.testAlarm("the control socket");
        await().until(() -> !uplink.published(Channel.ALARM).isEmpty());
        AlarmRaised alarm = (AlarmRaised) uplink.published(Channel.ALARM).getFirst().body();
        assertThat(alarm.alarm()).isEqualTo(id);
        assertThat(alarm.code()).isEqualTo(EventCode.TEST_TRANSMISSION);
        assertThat(alarm.summary()).startsWith("TEST");
        down(new Ack(id, AlarmState.ACKNOWLEDGED, "responder", null));
        await().until(() -> announced.contains(Announcement.HELP_ON_THE_WAY));
    }

    @Test
    void aTestAlarmCanBeAskedForOnTheHubsOwnerOnlyControlSocket() throws Exception {
        Path socket = ControlSocket.pathFor(dir.resolve("outbox.db"));
        try (ControlSocket control = ControlSocket.open(socket, hub)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(ControlSocket.send(socket, "test-alarm")).startsWith("ok: TEST alarm");
            await().until(() -> !uplink.published(Channel.ALARM).isEmpty());
            assertThat(((AlarmRaised) uplink.published(Channel.ALARM).getFirst().body()).summary()).startsWith("TEST");
            assertThat(ControlSocket.send(socket, "open-door")).startsWith("error: unknown command");
            assertThatThrownBy(() -> ControlSocket.open(socket, hub)).hasMessageContaining("another hub is running");
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aHubThatStopsPublishesItsOfflineStatusRetained() {
        hub.close();
        assertThat(uplink.sent).anySatisfy(p -> {
            assertThat(p.topic()).isEqualTo(Hub.statusTopic(HubSettings.defaults(TENANT, HUB, RESIDENT)));
            assertThat(p.retained()).isTrue();
            assertThat(((HubStatus) codec.decode(p.payload()).body()).online()).isFalse();
        });
    }

    private AlarmRaised raisePendantAlarm() {
        hub.observe(new PendantPress(DeviceId.of("pendant-1"), clock.instant()));
        await().until(() -> !uplink.published(Channel.ALARM).isEmpty());
        return (AlarmRaised) uplink.published(Channel.ALARM).getFirst().body();
    }

    private List<Event> events() {
        return uplink.published(Channel.EVENT).stream().map(m -> (Event) m.body()).toList();
    }

    private void down(Payload body) {
        Message m = new Message(Message.SCHEMA_VERSION, MessageId.random(), HUB, 1, clock.instant(), body);
        uplink.listener.received(topic(body.channel()), codec.encode(m));
    }

    private static String topic(Channel channel) {
        return Topics.of(TENANT, HUB, channel).path();
    }

    private record Published(String topic, byte[] payload, boolean retained) {
    }

    /** A link that is always up and keeps what was published; the broker is not what these tests are about. */
    private final class RecordingUplink implements Uplink {
        volatile Listener listener;
        final List<Published> sent = new CopyOnWriteArrayList<>();

        @Override
        public void start(Listener l) {
            listener = l;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public boolean publish(String topic, byte[] payload, boolean retained) {
            sent.add(new Published(topic, payload, retained));
            return true;
        }

        List<Message> published(Channel channel) {
            String suffix = "/" + channel.direction().level() + "/" + channel.level();
            return sent.stream().filter(p -> p.topic().endsWith(suffix)).map(p -> codec.decode(p.payload()))
                    .toList();
        }

        @Override
        public void close() {
        }
    }
}
