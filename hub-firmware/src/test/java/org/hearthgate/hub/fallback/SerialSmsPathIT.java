package org.hearthgate.hub.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AT dialogue over a real serial line (a socat pseudo-terminal pair) with jSerialComm and a modem emulator. */
class SerialSmsPathIT {
    static final String GATEWAY = "+447700900123";
    private static final TenantId TENANT = TenantId.of("acme-telecare");
    private static final HubId HUB = HubId.of("hub-0001");

    private PtyPair ptys;
    private ModemEmulator modem;
    private SerialSmsPath path;

    @BeforeEach
    void wire() throws Exception {
        ptys = new PtyPair();
        modem = new ModemEmulator(ptys.modemEnd());
        path = new SerialSmsPath(new SerialSmsPath.Settings(ptys.hubEnd(), GATEWAY, 115_200, Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
    }

    @AfterEach
    void unwire() throws Exception {
        modem.close();
        ptys.close();
    }

    static Message alarm(String alarmId) {
        AlarmRaised alarm = new AlarmRaised(AlarmId.of(alarmId), ResidentId.of("res-7f3a"),
                EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, "pendant/p1", null, "pendant pressed", null);
        return new Message(Message.SCHEMA_VERSION, MessageId.forAlarm(TENANT, HUB, alarm.alarm()), HUB, 3,
                Instant.parse("2026-12-02T05:00:00.250Z"), alarm);
    }

    @Test
    void anAlarmGoesAsOneTextModeSmsThroughTheStandardAtDialogue() {
        Message m = alarm("3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44");

        FallbackPath.Result result = path.send(TENANT, m);

        assertThat(result).isEqualTo(new FallbackPath.Result.Sent("12"));
        assertThat(modem.commands()).containsExactly("AT", "ATE0", "AT+CMGF=1", "AT+CSCS=\"IRA\"",
                "AT+CMGS=\"" + GATEWAY + "\"");
        assertThat(modem.sent()).containsExactly(new ModemEmulator.Sms(GATEWAY, "HG1 acme-telecare hub-0001 "
                + "3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44 PERSONAL_TRIGGER 1 1796187600 res-7f3a"));
        assertThat(SmsAlarmCodec.decode(modem.sent().get(0).text()).message().id()).isEqualTo(m.id());
    }

    @Test
    void eachAttemptOpensThePortAfreshSoAReconnectedModemIsFoundAgain() {
        assertThat(path.send(TENANT, alarm("a-1"))).isEqualTo(new FallbackPath.Result.Sent("12"));
        assertThat(path.send(TENANT, alarm("a-2"))).isEqualTo(new FallbackPath.Result.Sent("13"));
        assertThat(modem.sent()).extracting(s -> SmsAlarmCodec.decode(s.text()).alarm().alarm().value())
                .containsExactly("a-1", "a-2");
    }

    @Test
    void aNetworkRefusalIsAFailureNamingTheCmsError() {
        modem.refuseNextSends(1, "+CMS ERROR: 500");

        FallbackPath.Result result = path.send(TENANT, alarm("a-1"));

        assertThat(result).isInstanceOf(FallbackPath.Result.Failed.class);
        assertThat(((FallbackPath.Result.Failed) result).reason()).contains("+CMS ERROR: 500");
        assertThat(modem.sent()).isEmpty();
    }

    @Test
    void anErrorToACommandStopsTheDialogueAndSaysWhichCommand() {
        modem.failCommand("AT+CMGF=1", "ERROR");

        FallbackPath.Result result = path.send(TENANT, alarm("a-1"));

        assertThat(result).isEqualTo(new FallbackPath.Result.Failed("SMS modem: AT+CMGF=1 answered ERROR"));
        assertThat(modem.commands()).containsExactly("AT", "ATE0", "AT+CMGF=1");
    }

    @Test
    void aModemWithoutTheIraCharacterSetStillSends() {
        modem.failCommand("AT+CSCS=\"IRA\"", "+CME ERROR: 4");

        assertThat(path.send(TENANT, alarm("a-1"))).isEqualTo(new FallbackPath.Result.Sent("12"));
    }

    @Test
    void aSilentModemTimesOut() {
        modem.silent();

        FallbackPath.Result result = path.send(TENANT, alarm("a-1"));

        assertThat(result).isEqualTo(new FallbackPath.Result.Failed("SMS modem: no answer to AT within 2 s"));
    }

    @Test
    void theCheckOnlyAsksTheModemWhetherItIsThere() {
        assertThat(path.check()).isEqualTo(new FallbackPath.Result.Sent("ok"));
        assertThat(modem.commands()).containsExactly("AT");
        assertThat(modem.sent()).isEmpty();
    }

    @Test
    void aMissingPortIsAClearFailure() {
        SerialSmsPath nowhere = new SerialSmsPath(SerialSmsPath.Settings.of("/dev/ttyUSB-not-there", GATEWAY,
                115_200));

        assertThat(nowhere.send(TENANT, alarm("a-1")))
                .isEqualTo(new FallbackPath.Result.Failed("SMS modem: no serial port /dev/ttyUSB-not-there"));
        assertThat(nowhere.check()).isInstanceOf(FallbackPath.Result.Failed.class);
    }
}
