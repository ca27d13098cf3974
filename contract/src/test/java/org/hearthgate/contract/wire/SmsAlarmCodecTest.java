package org.hearthgate.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.PendantPress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsAlarmCodecTest {
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";
    /** The GSM 03.38 default alphabet's basic table (one septet each); the extension table costs two. */
    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static final TenantId TENANT = TenantId.of("acme-telecare");
    private static final HubId HUB = HubId.of("hub-0001");
    private static final AlarmId ALARM = AlarmId.of("3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44");

    @Test
    void anAlarmBecomesOneReadableLine() {
        AlarmRaised alarm = new AlarmRaised(ALARM, ResidentId.of("res-7f3a"), EventCode.PERSONAL_TRIGGER,
                Priority.CRITICAL, "pendant/p1", DeviceId.of("p1"), "Pendant pressed",
                new PendantPress(DeviceId.of("p1"), Instant.ofEpochSecond(1_796_200_000L)));
        String text = SmsAlarmCodec.encode(TENANT, HUB, alarm, Instant.ofEpochMilli(1_796_200_000_789L));
        assertThat(text).isEqualTo("HG1 acme-telecare hub-0001 3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44 PERSONAL_TRIGGER 1 "
                + "1796200000 res-7f3a");
    }

    @Test
    void theDecodedAlarmHasTheMessageIdOfTheMqttCopy() {
        SmsAlarmCodec.Decoded d = SmsAlarmCodec.decode("HG1 acme-telecare hub-0001 "
                + "3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44 FALL_DETECTED 1 1796200000 res-7f3a");
        assertThat(d.tenant()).isEqualTo(TENANT);
        assertThat(d.message().id()).isEqualTo(MessageId.forAlarm(TENANT, HUB, ALARM));
        assertThat(d.message().hub()).isEqualTo(HUB);
        assertThat(d.message().at()).isEqualTo(Instant.ofEpochSecond(1_796_200_000L));
        assertThat(d.alarm().alarm()).isEqualTo(ALARM);
        assertThat(d.alarm().code()).isEqualTo(EventCode.FALL_DETECTED);
        assertThat(d.alarm().priority()).isEqualTo(Priority.CRITICAL);
        assertThat(d.alarm().resident()).isEqualTo(ResidentId.of("res-7f3a"));
        // The JSON codec takes it as any other alarm.
        WireCodec json = new WireCodec();
        assertThat(json.decode(json.encode(d.message()))).isEqualTo(d.message());
    }

    @Test
    void theAlarmMessageIdIsStableAndBoundToTenantHubAndAlarm() {
        MessageId id = MessageId.forAlarm(TENANT, HUB, ALARM);
        assertThat(MessageId.forAlarm(TENANT, HUB, ALARM)).isEqualTo(id);
        assertThat(MessageId.forAlarm(TenantId.of("other"), HUB, ALARM)).isNotEqualTo(id);
        assertThat(MessageId.forAlarm(TENANT, HubId.of("hub-0002"), ALARM)).isNotEqualTo(id);
        assertThat(MessageId.forAlarm(TENANT, HUB, AlarmId.random())).isNotEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 20_261_202})
    void everyAlarmThatFitsRoundTripsAndStaysWithinOneGsm7Sms(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            TenantId tenant = TenantId.of(id(random, 1 + random.nextInt(30)));
            HubId hub = HubId.of(id(random, 1 + random.nextInt(30)));
            ResidentId resident = ResidentId.of(id(random, 1 + random.nextInt(24)));
            AlarmId alarmId = random.nextBoolean() ? AlarmId.of(UUID.randomUUID().toString())
                    : AlarmId.of(id(random, 1 + random.nextInt(36)));
            EventCode code = EventCode.values()[random.nextInt(EventCode.values().length)];
            Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
            Instant at = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L));
            AlarmRaised alarm = new AlarmRaised(alarmId, resident, code, priority, "k", null, "s", null);

            String text = SmsAlarmCodec.encode(tenant, hub, alarm, at);
            assertThat(text.length()).as("seed %d: %s", seed, text).isLessThanOrEqualTo(SmsAlarmCodec.MAX_LENGTH);
            assertThat(text.chars()).as("seed %d: only GSM-7 basic characters", seed)
                    .allMatch(c -> GSM7_BASIC.indexOf(c) >= 0);

            SmsAlarmCodec.Decoded d = SmsAlarmCodec.decode(text);
            assertThat(d.tenant()).isEqualTo(tenant);
            assertThat(d.message().id()).isEqualTo(MessageId.forAlarm(tenant, hub, alarmId));
            assertThat(d.message().hub()).isEqualTo(hub);
            assertThat(d.message().at()).isEqualTo(Instant.ofEpochSecond(at.getEpochSecond()));
            assertThat(d.alarm().alarm()).isEqualTo(alarmId);
            assertThat(d.alarm().resident()).isEqualTo(resident);
            assertThat(d.alarm().code()).isEqualTo(code);
            assertThat(d.alarm().priority()).isEqualTo(priority);
            assertThat(SmsAlarmCodec.encode(d.tenant(), d.message())).as("seed %d", seed).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9, 20_261_202})
    void aMutatedTextEitherDecodesToAValidAlarmOrThrowsWireFormatExceptionOnly(long seed) {
        Random random = new Random(seed);
        String original = "HG1 acme-telecare hub-0001 3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44 PERSONAL_TRIGGER 1 "
                + "1796200000 res-7f3a";
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = mutate(random, original);
            try {
                SmsAlarmCodec.Decoded d = SmsAlarmCodec.decode(text);
                // Whatever decodes is a whole, valid alarm that encodes back to one SMS.
                assertThat(SmsAlarmCodec.encode(d.tenant(), d.message()).length())
                        .isLessThanOrEqualTo(SmsAlarmCodec.MAX_LENGTH);
                decoded++;
            } catch (WireFormatException e) {
                if (text.strip().length() > 24) {
                    assertThat(e.getMessage()).as("seed %d: the error never echoes the text", seed)
                            .doesNotContain(text.strip());
                }
                rejected++;
            }
        }
        assertThat(rejected).as("seed %d: mutations are mostly caught", seed).isGreaterThan(decoded);
    }

    @Test
    void randomNoiseOnlyEverThrowsWireFormatException() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "HG1 " : "");
            for (int n = random.nextInt(200); n > 0; n--) {
                b.append(random.nextInt(4) == 0 ? ' ' : (char) random.nextInt(0x3000));
            }
            try {
                SmsAlarmCodec.decode(b.toString());
            } catch (WireFormatException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void rejectionsNameTheField() {
        assertThatThrownBy(() -> SmsAlarmCodec.decode(null)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> SmsAlarmCodec.decode("Hello, are you there?"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("not a Hearthgate alarm text");
        assertThatThrownBy(() -> SmsAlarmCodec.decode("HG2 a b c PERSONAL_TRIGGER 1 1 r"))
                .hasMessageContaining("version HG2 is not supported");
        assertThatThrownBy(() -> SmsAlarmCodec.decode("HG1 a b c PERSONAL_TRIGGER 1 1"))
                .hasMessageContaining("has 7 fields");
        assertThatThrownBy(() -> SmsAlarmCodec.decode("HG1 a b c NOT_A_CODE 1 1 r"))
                .isInstanceOf(WireFormatException.class).hasMessage("code: unknown event code");
        assertThatThrownBy(() -> SmsAlarmCodec.decode("HG1 a b c FLOOD 9 1 r")).hasMessageStartingWith("priority:");
        assertThatThrownBy(() -> SmsAlarmCodec.decode("HG1 a b c FLOOD 2 -5 r")).hasMessageStartingWith("at:");
        assertThatThrownBy(() -> SmsAlarmCodec.decode("HG1 a b/c c FLOOD 2 5 r")).hasMessageStartingWith("hub:");
    }

    @Test
    void idsTooLongForOneSmsFailTheStartUpCheck() {
        SmsAlarmCodec.checkFits(TENANT, HUB, ResidentId.of("res-7f3a"));
        String long40 = "x".repeat(40);
        assertThatThrownBy(() -> SmsAlarmCodec.checkFits(TenantId.of(long40), HubId.of(long40),
                ResidentId.of(long40))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 160");
    }

    @Test
    void onlyAlarmsGoBySms() {
        Message heartbeat = Message.of(HUB, 1, Instant.EPOCH, new Heartbeat(60, 1, 0, 0, "0.1.0"));
        assertThatThrownBy(() -> SmsAlarmCodec.encode(TENANT, heartbeat)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String id(Random random, int length) {
        StringBuilder b = new StringBuilder();
        b.append(ID_CHARS.charAt(random.nextInt(62)));
        while (b.length() < length) {
            b.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return b.toString();
    }

    private static String mutate(Random random, String text) {
        StringBuilder b = new StringBuilder(text);
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            int at = b.isEmpty() ? 0 : random.nextInt(b.length());
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.deleteCharAt(at);
                    }
                }
                case 1 -> b.insert(at, (char) (32 + random.nextInt(95)));
                case 2 -> {
                    if (!b.isEmpty()) {
                        b.setCharAt(at, (char) random.nextInt(0x250));
                    }
                }
                case 3 -> b.setLength(at);
                case 4 -> b.insert(at, ' ');
                default -> b.append(" ").append(text, 0, random.nextInt(text.length()));
            }
        }
        return b.toString();
    }
}
