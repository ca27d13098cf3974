package org.hearthgate.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.hearthgate.contract.DeviceId;
import org.junit.jupiter.api.Test;

class CoapConfigurationTest {
    private static final PskCredentials KEY = PskCredentials.ofHex("hub-1", "00112233445566778899aabbccddeeff");

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheBound() {
        var s = CoapSettings.defaults();

        assertThat(s.backoff(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.backoff(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(s.backoff(6)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.backoff(10_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aSecureSensorNeedsAKeyAndAPlainOneMustNotHaveOne() {
        var id = DeviceId.of("s");

        assertThatThrownBy(() -> CoapSensor.plain(id, SensorKind.DOOR, URI.create("coaps://10.0.0.5/door"), null))
                .hasMessageStartingWith("psk:");
        assertThatThrownBy(() -> CoapSensor.secure(id, SensorKind.DOOR, URI.create("coap://10.0.0.5/door"), null,
                KEY)).hasMessageStartingWith("psk:");
        assertThatThrownBy(() -> CoapSensor.plain(id, SensorKind.DOOR, URI.create("http://10.0.0.5/door"), null))
                .hasMessageStartingWith("uri:");
    }

    @Test
    void twoKeysForOneSensorAddressAreRejected() {
        var other = PskCredentials.ofHex("hub-1", "ffeeddccbbaa99887766554433221100");
        var a = CoapSensor.secure(DeviceId.of("a"), SensorKind.MOTION, URI.create("coaps://10.0.0.5/m"), null, KEY);
        var b = CoapSensor.secure(DeviceId.of("b"), SensorKind.DOOR, URI.create("coaps://10.0.0.5/d"), null, other);

        assertThatThrownBy(() -> new CoapSensors(java.util.List.of(a, b), java.time.Clock.systemUTC()))
                .hasMessageContaining("two different pre-shared keys");
    }

    @Test
    void theSecretNeverAppearsInText() {
        assertThat(KEY.toString()).doesNotContain("0011").contains("hub-1");
        assertThat(CoapSensor.secure(DeviceId.of("s"), SensorKind.DOOR, URI.create("coaps://10.0.0.5/d"), null, KEY)
                .toString()).doesNotContain("0011");
    }

    @Test
    void shortOrMalformedSecretsAreRejected() {
        assertThatThrownBy(() -> PskCredentials.ofHex("hub-1", "0011")).hasMessageStartingWith("psk.secret:");
        assertThatThrownBy(() -> PskCredentials.ofHex("hub-1", "zz112233445566778899aabbccddeeff"))
                .hasMessage("psk.secret: is not hex");
    }

    @Test
    void buildingTheConfigurationWritesNoPropertiesFile() {
        var file = java.nio.file.Path.of("Californium3.properties");
        boolean existedBefore = java.nio.file.Files.exists(file);

        CaliforniumSetup.clientConfiguration();

        assertThat(java.nio.file.Files.exists(file)).isEqualTo(existedBefore);
    }
}
