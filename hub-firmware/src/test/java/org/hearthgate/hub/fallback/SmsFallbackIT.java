package org.hearthgate.hub.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.hearthgate.hub.Announcement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When an alarm goes by SMS, and what happens then: the hub's {@link SecondPath} with the real {@link SerialSmsPath}
 * over a socat pseudo-terminal to a modem emulator, time from a {@link ManualClock}.
 */
class SmsFallbackIT {
    private static final TenantId TENANT = TenantId.of("acme-telecare");
    private static final HubId HUB = HubId.of("hub-0001");
    private static final ResidentId RESIDENT = ResidentId.of("res-7f3a");
    private static final String GATEWAY = "+447700900123";

    private final ManualClock clock = ManualClock.at("2026-12-02T05:00:00Z");
    private final AtomicBoolean uplinkUp = new AtomicBoolean(true);
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final RecordingAnnunciator resident = new RecordingAnnunciator();
    private PtyPair ptys;
    private ModemEmulator modem;
    private SecondPath secondPath;

    static AlarmRaised alarmBody(String id) {
        return new AlarmRaised(AlarmId.of(id), RESIDENT, EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "pendant/p1",
                null, "pendant pressed", null);
    }

    static Message alarmMessage(String id) {
        return new Message(Message.SCHEMA_VERSION, MessageId.forAlarm(TENANT, HUB, AlarmId.of(id)), HUB, 0,
                Instant.parse("2026-12-02T05:00:00Z"), alarmBody(id));
    }

    @BeforeEach
    void wire() throws Exception {
        ptys = new PtyPair();
        modem = new ModemEmulator(ptys.modemEnd());
        SerialSmsPath sms = new SerialSmsPath(new SerialSmsPath.Settings(ptys.hubEnd(), GATEWAY, 115_200,
                Duration.ofSeconds(2), Duration.ofSeconds(5)));
        secondPath = new SecondPath(TENANT, HUB, RESIDENT, new SecondPath.Settings(Duration.ofMinutes(2),
                Duration.ofDays(1), new SecondPath.Fallback(sms, Duration.ofSeconds(30), 3, Duration.ofMillis(20))),
                resident, (e, at) -> events.add(e), uplinkUp::get, clock);
    }

    @AfterEach
    void unwire() throws Exception {
        secondPath.close();
        modem.close();
        ptys.close();
    }

    private void raise(String alarmId) {
        Message m = alarmMessage(alarmId);
        secondPath.alarmRaised(m.id(), (AlarmRaised) m.body(), clock.instant());
    }

    private List<EventCode> codes() {
        return events.stream().map(Event::code).toList();
    }

    @Test
    void anAlarmWithoutItsReceiptGoesBySmsExactlyOnceWithItsText() {
        Instant raisedAt = clock.instant();
        raise("a-1");
        clock.advance(Duration.ofSeconds(29));
        secondPath.tick();
        assertThat(resident.heard).as("not yet: 29 s").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        secondPath.tick();
        await().until(() -> codes().contains(EventCode.REDUNDANT_PATH_USED));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            secondPath.tick();
        }
        secondPath.receipted(alarmMessage("a-1").id()); // the MQTT copy got through at last: nothing more to do

        assertThat(resident.heard).containsExactly(Announcement.SENDING_BY_TEXT);
        assertThat(modem.sent()).containsExactly(new ModemEmulator.Sms(GATEWAY,
                SmsAlarmCodec.encode(TENANT, HUB, alarmBody("a-1"), raisedAt)));
        assertThat(modem.sent().get(0).text())
                .isEqualTo("HG1 acme-telecare hub-0001 a-1 PERSONAL_TRIGGER 1 1796187600 res-7f3a");
        assertThat(events).filteredOn(e -> e.code() == EventCode.REDUNDANT_PATH_USED).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("alarm a-1 sent by SMS, reference 12"));
    }

    @Test
    void anAlarmWhoseReceiptCameInTimeNeverGoesBySms() {
        raise("in-time");
        clock.advance(Duration.ofSeconds(2));
        secondPath.receipted(alarmMessage("in-time").id());
        clock.advance(Duration.ofMinutes(10));
        secondPath.tick();
        assertThat(resident.heard).isEmpty();

        // A later alarm, raised while the uplink is down, goes at once; the one before it would have gone first.
        uplinkUp.set(false);
        raise("while-down");
        await().until(() -> codes().contains(EventCode.REDUNDANT_PATH_USED));

        assertThat(modem.sent()).extracting(s -> SmsAlarmCodec.decode(s.text()).alarm().alarm().value())
                .containsExactly("while-down");
        assertThat(resident.heard).containsExactly(Announcement.SENDING_BY_TEXT);
    }

    @Test
    void aRefusedSmsIsRetriedABoundedNumberOfTimesThenReported() {
        modem.refuseNextSends(3, "+CMS ERROR: 500");
        uplinkUp.set(false);

        raise("refused");
        await().until(() -> codes().contains(EventCode.REDUNDANT_PATH_FAIL));

        assertThat(modem.sendAttempts()).isEqualTo(3);
        assertThat(modem.sent()).isEmpty();
        assertThat(events).filteredOn(e -> e.code() == EventCode.REDUNDANT_PATH_FAIL).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("alarm refused not sent by SMS after 3 attempts: ")
                        .contains("+CMS ERROR: 500"));
        assertThat(codes()).doesNotContain(EventCode.REDUNDANT_PATH_USED);
        assertThat(resident.count(Announcement.SENDING_BY_TEXT)).isOne();
    }

    @Test
    void aRefusalFollowedBySuccessSendsOnceAndReportsTheUse() {
        modem.refuseNextSends(1, "+CMS ERROR: 500");
        uplinkUp.set(false);

        raise("second-time-lucky");
        await().until(() -> codes().contains(EventCode.REDUNDANT_PATH_USED));

        assertThat(modem.sendAttempts()).isEqualTo(2);
        assertThat(modem.sent()).hasSize(1);
        assertThat(codes()).doesNotContain(EventCode.REDUNDANT_PATH_FAIL);
    }

    @Test
    void aDeadModemIsReportedAtStartAndItsRecoveryAtTheNextCheck() throws Exception {
        modem.silent();
        secondPath.start();
        await().until(() -> codes().contains(EventCode.REDUNDANT_PATH_FAIL));
        assertThat(events.get(0).detail()).isEqualTo("SMS check failed: SMS modem: no answer to AT within 2 s");

        // The modem is replaced; the daily test transmission checks it again.
        modem.close();
        modem = new ModemEmulator(ptys.modemEnd());
        clock.advance(Duration.ofDays(1));
        secondPath.tick();
        await().until(() -> codes().contains(EventCode.REDUNDANT_PATH_RESTORE));
        assertThat(codes()).containsExactly(EventCode.REDUNDANT_PATH_FAIL, EventCode.TEST_TRANSMISSION,
                EventCode.REDUNDANT_PATH_RESTORE);
    }
}
