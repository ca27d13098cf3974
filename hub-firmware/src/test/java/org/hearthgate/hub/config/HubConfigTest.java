package org.hearthgate.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigTest {
    private static final String GOOD = """
            tenant: acme
            hub: hub-0001
            resident: res-7f3a
            broker:
              url: ssl://mqtt.example.org:8883
              username: acme/hub-0001
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
    void theSecondPathHasDefaultsAndAnOptionalSmsModem() {
        HubConfig plain = HubConfig.parse(GOOD);
        assertThat(plain.fallback().linkFailSeconds()).isEqualTo(120);
        assertThat(plain.fallback().testTransmissionHours()).isEqualTo(24);
        assertThat(plain.fallback().sms()).isNull();

        HubConfig sms = HubConfig.parse(GOOD + """
                fallback:
                  linkFailSeconds: 300
                  sms: {port: /dev/ttyUSB2, number: "+447700900123"}
                """);
        assertThat(sms.fallback().linkFailSeconds()).isEqualTo(300);
        assertThat(sms.fallback().sms()).satisfies(s -> {
            assertThat(s.afterSeconds()).isEqualTo(30);
            assertThat(s.attempts()).isEqualTo(3);
            assertThat(s.toSettings().port()).isEqualTo("/dev/ttyUSB2");
            assertThat(s.toSettings().baud()).isEqualTo(115_200);
        });
    }

    @Test
    void remoteCarePlansAreTakenUnlessTurnedOff() {
        assertThat(HubConfig.parse(GOOD).remoteCarePlans()).isTrue();
        assertThat(HubConfig.parse(GOOD + "remoteCarePlans: false\n").remoteCarePlans()).isFalse();
        assertMessage(GOOD + "remoteCarePlans: sometimes\n", "remoteCarePlans: 'sometimes' is not true or false");
    }

    @Test
    void aBadFallbackValueNamesItsKey() {
        String sms = GOOD + "fallback:\n  sms: {port: /dev/ttyUSB2, number: \"+447700900123\"}\n";
        assertKey(sms.replace("+447700900123", "call me"), "fallback.sms.number");
        assertKey(sms.replace("port: /dev/ttyUSB2, ", ""), "fallback.sms.port");
        assertKey(sms.replace("}", ", afterSeconds: 0}"), "fallback.sms.afterSeconds");
        assertKey(sms.replace("}", ", attempts: 50}"), "fallback.sms.attempts");
        assertKey(sms.replace("}", ", retries: 5}"), "fallback.sms.retries");
        assertKey(GOOD + "fallback: {testTransmissionHours: 0}\n", "fallback.testTransmissionHours");
        assertKey(GOOD + "fallback: {linkFailSeconds: 1}\n", "fallback.linkFailSeconds");
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
    void readsTheBrokersCaAndTheHubsOwnCertificateAndKeyAtStartUp(@TempDir Path dir) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "hub.key", "-out", "hub.crt", "-days", "1", "-subj", "/CN=acme\\/hub-0001");
        String tls = GOOD.replace("  password: secret\n", "  password: secret\n  caFile: %s\n  certFile: %s\n  keyFile: %s\n"
                .formatted(dir.resolve("hub.crt"), dir.resolve("hub.crt"), dir.resolve("hub.key")));

        assertThat(HubConfig.parse(tls).broker().tls()).isNotNull();
        assertThat(HubConfig.parse(GOOD).broker().tls()).as("no files: the JDK's own CAs").isNull();
    }

    @Test
    void aMissingOrWrongTlsFileStopsStartUpNamingItsKey(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.txt"), "not a certificate");
        String withCa = GOOD.replace("  password: secret\n", "  password: secret\n  caFile: %s\n");

        assertThatThrownBy(() -> HubConfig.parse(withCa.formatted(dir.resolve("missing.crt"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("broker.caFile"))
                .hasMessage("broker.caFile: " + dir.resolve("missing.crt") + ": no such file");
        assertThatThrownBy(() -> HubConfig.parse(withCa.formatted(notPem)))
                .hasMessage("broker.caFile: " + notPem + ": not a PEM file (expected -----BEGIN CERTIFICATE-----)");
        assertKey(GOOD.replace("  password: secret\n", "  password: secret\n  certFile: /etc/hub.crt\n"),
                "broker.keyFile");
        assertKey(withCa.formatted(notPem).replace("ssl://", "tcp://"), "broker.caFile");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
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
