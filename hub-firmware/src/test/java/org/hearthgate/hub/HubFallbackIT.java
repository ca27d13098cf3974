package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.hub.fallback.ModemEmulator;
import org.hearthgate.hub.fallback.PtyPair;
import org.hearthgate.hub.fallback.SecondPath;
import org.hearthgate.hub.fallback.SerialSmsPath;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.uplink.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole hub with its SMS fallback: real alert engine, SQLite outbox and serial modem dialogue (socat
 * pseudo-terminals and a modem emulator); the uplink is a loopback the test controls, so it can withhold receipts.
 */
class HubFallbackIT {
    private static final TenantId TENANT = TenantId.of("acme-telecare");
    private static final HubId HUB = HubId.of("hub-0001");
    private static final String GATEWAY = "+447700900123";

    @TempDir
    Path dir;
    private final ManualClock clock = ManualClock.at("2026-12-02T05:00:00Z");
    private final WireCodec codec = new WireCodec();
    private final LoopbackUplink uplink = new LoopbackUplink();
    private final List<Announcement> heard = new CopyOnWriteArrayList<>();
    private PtyPair ptys;
    private ModemEmulator modem;
    private Hub hub;

    /** Records what the hub publishes; answers alarms with a receipt when told to. */
    private final class LoopbackUplink implements Uplink {
        final List<Message> published = new CopyOnWriteArrayList<>();
        volatile boolean connected = true;
        volatile boolean receiptAlarms;
        private volatile Listener listener;

        @Override
        public void start(Listener l) {
            listener = l;
            l.connected();
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public boolean publish(String topic, byte[] payload, boolean retained) {
            if (!connected) {
                return false;
            }
            Message m = codec.decode(Topics.parse(topic), payload);
            published.add(m);
            if (receiptAlarms && m.body() instanceof AlarmRaised) {
                Message receipt = Message.of(HUB, 0, clock.instant(), new Receipt(List.of(m.id()),
                        Receipt.Status.ACCEPTED, null));
                listener.received(Topics.of(TENANT, HUB, Channel.RECEIPT).path(), codec.encode(receipt));
            }
            return true;
        }

        @Override
        public void close() {
        }

        List<Message> alarms() {
            return published.stream().filter(m -> m.body() instanceof AlarmRaised).toList();
        }

        boolean publishedEvent(EventCode code) {
            return published.stream().anyMatch(m -> m.body() instanceof Event e && e.code() == code);
        }
    }

    @BeforeEach
    void start() throws Exception {
        ptys = new PtyPair();
        modem = new ModemEmulator(ptys.modemEnd());
        HubSettings settings = HubSettings.defaults(TENANT, HUB, ResidentId.of("res-7f3a"));
        SerialSmsPath sms = new SerialSmsPath(new SerialSmsPath.Settings(ptys.hubEnd(), GATEWAY, 115_200,
                Duration.ofSeconds(2), Duration.ofSeconds(5)));
        SecondPath.Settings second = SecondPath.Settings.defaults()
                .withFallback(new SecondPath.Fallback(sms, Duration.ofSeconds(30), 3, Duration.ofMillis(20)));
        Annunciator recording = new Annunciator() {
            @Override
            public void announce(Announcement a) {
                heard.add(a);
            }

            @Override
            public void prompt(String text, boolean cancellable) {
            }
        };
        hub = new Hub(settings, new SqliteOutbox(dir.resolve("outbox.db"), 1_000), uplink,
                new AlertEngine(settings.resident(), CarePlan.defaults(), clock), List.of(), recording,
                HubObserver.NONE, clock, second);
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
        modem.close();
        ptys.close();
        Files.deleteIfExists(dir.resolve("outbox.db"));
    }

    private long heard(Announcement a) {
        return heard.stream().filter(a::equals).count();
    }

    @Test
    void anAlarmWithoutItsReceiptGoesBySmsOnceAsTheSameMessageAsItsMqttCopy() {
        hub.start();
        hub.observe(new PendantPress(DeviceId.of("pendant-1"), clock.instant()));
        await().until(() -> !uplink.alarms().isEmpty());
        Message mqttCopy = uplink.alarms().get(0);
        assertThat(modem.sendAttempts()).isZero();

        clock.advance(Duration.ofSeconds(31));
        await().until(() -> modem.sent().size() == 1);
        await().until(() -> uplink.publishedEvent(EventCode.REDUNDANT_PATH_USED));

        String text = modem.sent().get(0).text();
        assertThat(modem.sent().get(0).number()).isEqualTo(GATEWAY);
        assertThat(text).isEqualTo(SmsAlarmCodec.encode(TENANT, mqttCopy));
        SmsAlarmCodec.Decoded bySms = SmsAlarmCodec.decode(text);
        assertThat(bySms.message().id()).as("one message id for both copies: the cloud keeps one")
                .isEqualTo(mqttCopy.id()).isEqualTo(MessageId.forAlarm(TENANT, HUB,
                        ((AlarmRaised) mqttCopy.body()).alarm()));
        assertThat(bySms.alarm().alarm()).isEqualTo(((AlarmRaised) mqttCopy.body()).alarm());

        // A day later (the daily test transmission shows the hub ticked on): still one SMS, MQTT retries go on.
        int mqttCopies = uplink.alarms().size();
        clock.advance(Duration.ofDays(1));
        await().until(() -> uplink.publishedEvent(EventCode.TEST_TRANSMISSION));
        await().until(() -> uplink.alarms().size() > mqttCopies);
        assertThat(heard(Announcement.SENDING_BY_TEXT)).isOne();
        assertThat(modem.sendAttempts()).isOne();
        assertThat(modem.sent()).hasSize(1);
    }

    @Test
    void anAlarmReceiptedInTimeNeverGoesBySms() {
        uplink.receiptAlarms = true;
        hub.start();
        hub.observe(new PendantPress(DeviceId.of("pendant-1"), clock.instant()));
        await().until(() -> heard.contains(Announcement.CALL_RECEIVED));

        clock.advance(Duration.ofDays(1));
        await().until(() -> uplink.publishedEvent(EventCode.TEST_TRANSMISSION));

        assertThat(heard).doesNotContain(Announcement.SENDING_BY_TEXT);
        assertThat(modem.sendAttempts()).isZero();
    }

    @Test
    void anAlarmRaisedWhileTheUplinkIsDownGoesBySmsAtOnce() {
        uplink.connected = false;
        hub.start();
        hub.observe(new PendantPress(DeviceId.of("pendant-1"), clock.instant()));

        await().until(() -> modem.sent().size() == 1);
        assertThat(heard).as("in this order").containsSubsequence(Announcement.ALARM_RAISED,
                Announcement.SENDING_BY_TEXT);
        assertThat(SmsAlarmCodec.decode(modem.sent().get(0).text()).alarm().code())
                .isEqualTo(EventCode.PERSONAL_TRIGGER);

        // The events wait in the outbox and go up with the alarm once the uplink is back.
        uplink.connected = true;
        uplink.listener.connected();
        await().until(() -> uplink.publishedEvent(EventCode.REDUNDANT_PATH_USED) && !uplink.alarms().isEmpty());
        assertThat(uplink.alarms().get(0).id()).isEqualTo(SmsAlarmCodec.decode(modem.sent().get(0).text())
                .message().id());
    }
}
