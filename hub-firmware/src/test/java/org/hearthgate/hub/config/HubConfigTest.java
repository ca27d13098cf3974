package org.hearthgate.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hearthgate.contract.config.ConfigException;
import org.junit.jupiter.api.Test;

class HubConfigTest {
    private static final String GOOD = """
            tenant: acme
            hub: hub-0001
            resident: res-7f3a
            broker:
              url: ssl://mqtt.example.org:8883
              username: hub-0001
              password: secret
            outbox:
              path: /var/lib/hearthgate/outbox.db
            gpio:
              - device: pendant-rx
                kind: PENDANT
                pin: 17
                activeLevel: LOW
                pull: UP
            """;

    @Test
    void readsAValidFileWithDefaults() {
        HubConfig c = HubConfig.parse(GOOD);
        assertThat(c.heartbeatSeconds()).isEqualTo(60);
        assertThat(c.outbox().capacity()).isEqualTo(200_000);
        assertThat(c.gpio()).singleElement().satisfies(g -> {
            assertThat(g.pin()).isEqualTo(17);
            assertThat(g.debounceMs()).isEqualTo(50);
        });
    }

    @Test
    void readsBluetoothAndCoapDevices() {
        HubConfig c = HubConfig.parse(GOOD + """
                bluetooth:
                  - {device: cuff-1, address: "a4:c1:38:00:11:22"}
                coap:
                  - {device: pir-kitchen, kind: MOTION, uri: "coaps://10.0.0.5/motion", location: kitchen,
                     pskIdentity: pir-kitchen, pskHex: "00112233445566778899aabbccddeeff"}
                """);
        assertThat(c.bluetooth()).singleElement().satisfies(b ->
                assertThat(b.toConfig().address()).isEqualTo("A4:C1:38:00:11:22"));
        assertThat(c.coap()).singleElement().satisfies(s -> assertThat(s.toSensor().psk()).isNotNull());
    }

    @Test
    void aBadValueNamesItsKey() {
        assertKey(GOOD.replace("pin: 17", "pin: 99"), "gpio[0].pin");
        assertKey(GOOD.replace("ssl://mqtt", "mqtt"), "broker.url");
        assertKey(GOOD.replace("hub: hub-0001", "hub: hub 0001"), "hub");
        assertKey(GOOD + "heartbeatSeconds: 2\n", "heartbeatSeconds");
        assertKey(GOOD.replace("  path: /var", "  pth: /var"), "outbox.path");
        assertKey(GOOD.replace("  path: /var/lib/hearthgate/outbox.db", "  path: /x\n  colour: red"), "outbox.colour");
        assertKey(GOOD.replace("resident: res-7f3a\n", ""), "resident");
        assertKey(GOOD + "  - {device: door, kind: DOOR, pin: 17}\n", "gpio[1].pin");
        assertKey(GOOD.replace("kind: PENDANT", "kind: TELEPORTER"), "gpio[0].kind");
        assertKey(GOOD + "bluetooth:\n  - {device: cuff-1, address: \"not-an-address\"}\n", "bluetooth[0].address");
        assertKey(GOOD + "coap:\n  - {device: pir-1, kind: MOTION, uri: \"coaps://10.0.0.5/motion\", pskIdentity: pir-1}\n",
                "coap[0].pskHex");
    }

    @Test
    void numbersAreCheckedAndShownAsWritten() {
        assertMessage(GOOD.replace("pin: 17", "pin: 99"), "gpio[0].pin: 99 is outside 0..53");
        assertMessage(GOOD + "heartbeatSeconds: 5\n", "heartbeatSeconds: 5 is outside 10..3600");
        assertMessage(GOOD + "heartbeatSeconds: often\n", "heartbeatSeconds: 'often' is not a whole number");
        assertMessage(GOOD + "heartbeatSeconds: 30.5\n", "heartbeatSeconds: '30.5' is not a whole number");
        assertMessage(GOOD.replace("pin: 17", "pin: seventeen"), "gpio[0].pin: 'seventeen' is not a whole number");
        assertMessage(GOOD.replace("  path: /var/lib/hearthgate/outbox.db",
                "  path: /var/lib/hearthgate/outbox.db\n  capacity: 10"), "outbox.capacity: 10 is outside 100..10000000");
    }

    private static void assertMessage(String yaml, String message) {
        assertThatThrownBy(() -> HubConfig.parse(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    private static void assertKey(String yaml, String key) {
        assertThatThrownBy(() -> HubConfig.parse(yaml)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo(key));
    }
}
