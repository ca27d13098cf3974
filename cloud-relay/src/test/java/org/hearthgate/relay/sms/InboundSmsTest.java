package org.hearthgate.relay.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboundSmsTest {
    private static final String TEXT = "HG1 acme-telecare hub-0001 3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44 "
            + "PERSONAL_TRIGGER 1 1796187600 res-7f3a";
    /** The shape of GOV.UK Notify's received-text callback (its documented example, with our text). */
    private static final String NOTIFY = """
            {
              "id": "b51f638b-4295-46a0-a6ad-f1c1c7cc2e0a",
              "source_number": "447700900111",
              "destination_number": "07700987654",
              "message": "%s",
              "date_received": "2026-12-02T05:00:03.000000Z"
            }""".formatted(TEXT);

    private static void assertTheAlarm(InboundSms.Alarm a) {
        TenantId tenant = TenantId.of("acme-telecare");
        HubId hub = HubId.of("hub-0001");
        AlarmId alarm = AlarmId.of("3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44");
        assertThat(a.tenant()).isEqualTo(tenant);
        assertThat(a.message().hub()).isEqualTo(hub);
        assertThat(a.message().id()).as("the id the hub gave the MQTT copy").isEqualTo(MessageId.forAlarm(tenant, hub,
                alarm));
        assertThat(a.message().at()).isEqualTo(Instant.ofEpochSecond(1_796_187_600L));
        assertThat(a.message().body()).isInstanceOfSatisfying(AlarmRaised.class, r -> {
            assertThat(r.alarm()).isEqualTo(alarm);
            assertThat(r.code()).isEqualTo(EventCode.PERSONAL_TRIGGER);
            assertThat(r.priority()).isEqualTo(Priority.CRITICAL);
            assertThat(r.resident()).isEqualTo(ResidentId.of("res-7f3a"));
        });
        // What the relay stores is an ordinary wire message.
        WireCodec codec = new WireCodec();
        assertThat(codec.decode(codec.encode(a.message()))).isEqualTo(a.message());
    }

    @Test
    void aNotifyReceivedTextCallbackGivesTheAlarm() {
        InboundSms.Alarm a = InboundSms.parse("application/json; charset=utf-8", NOTIFY.getBytes(StandardCharsets.UTF_8));

        assertTheAlarm(a);
        assertThat(a.sender()).isEqualTo("447700900111");
        assertThat(a.providerId()).isEqualTo("b51f638b-4295-46a0-a6ad-f1c1c7cc2e0a");
        assertThat(InboundSms.fromNotify(NOTIFY.getBytes(StandardCharsets.UTF_8))).isEqualTo(a);
    }

    @Test
    void aGenericGatewayFormGivesTheAlarm() {
        String form = "from=%2B44+7700+900111&text=" + TEXT.replace(' ', '+');

        InboundSms.Alarm a = InboundSms.parse("application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));

        assertTheAlarm(a);
        assertThat(a.sender()).isEqualTo("+447700900111");
        assertThat(a.providerId()).isNull();
        assertThat(InboundSms.fromForm(form)).isEqualTo(a);
    }

    @Test
    void aGenericGatewayJsonGivesTheAlarm() {
        String json = "{\"from\": \"00447700900111\", \"text\": \"" + TEXT + "\\n\", \"id\": \"gw-1\"}";

        InboundSms.Alarm a = InboundSms.parse("application/json", json.getBytes(StandardCharsets.UTF_8));

        assertTheAlarm(a);
        assertThat(a.sender()).isEqualTo("+447700900111");
        assertThat(a.providerId()).isEqualTo("gw-1");
    }

    @Test
    void badCallbacksAreRejectedNamingTheField() {
        assertRejected("application/json", "{", "$");
        assertRejected("application/json", "[1,2]", "$");
        assertRejected("application/json", NOTIFY.replace("\"source_number\": \"447700900111\",", ""), "source_number");
        assertRejected("application/json", NOTIFY.replace("\"447700900111\"", "447700900111"), "source_number");
        assertRejected("application/json", NOTIFY.replace("447700900111", "call me"), "from");
        assertRejected("application/json", NOTIFY.replace(TEXT, "Hi, can you ring me back?"), "sms");
        assertRejected("application/json", NOTIFY.replace("PERSONAL_TRIGGER", "TELEPORT"), "code");
        assertRejected("application/x-www-form-urlencoded", "text=" + TEXT, "from");
        assertRejected("application/x-www-form-urlencoded", "from=4477&text=a&text=b", "text");
        assertRejected("application/x-www-form-urlencoded", "from=%ZZ&text=x", "from");
        assertRejected("text/plain", TEXT, "content-type");
        assertRejected("application/json", "", "body");
        assertRejected("application/json", "{\"message\": \"" + "x".repeat(20_000) + "\"}", "body");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void anyBodyOnlyEverThrowsWireFormatException(long seed) {
        Random random = new Random(seed);
        String[] types = {"application/json", "application/x-www-form-urlencoded", null, "text/plain"};
        for (int i = 0; i < 5_000; i++) {
            byte[] body;
            if (random.nextBoolean()) {
                body = new byte[random.nextInt(300)];
                random.nextBytes(body);
            } else {
                StringBuilder b = new StringBuilder(NOTIFY);
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int at = random.nextInt(b.length());
                    if (random.nextBoolean()) {
                        b.deleteCharAt(at);
                    } else {
                        String noise = "{}[]\",:%=&+ 0aZ\\";
                        b.insert(at, noise.charAt(random.nextInt(noise.length())));
                    }
                }
                body = b.toString().getBytes(StandardCharsets.UTF_8);
            }
            try {
                InboundSms.parse(types[random.nextInt(types.length)], body);
            } catch (WireFormatException expected) {
                // the only failure allowed
            }
        }
    }

    private static void assertRejected(String type, String body, String field) {
        assertThatThrownBy(() -> InboundSms.parse(type, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
