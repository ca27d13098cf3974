package org.hearthgate.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.obs.RoomTemperature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorPayloadTest {
    private static final Instant AT = Instant.parse("2026-11-22T08:00:00Z");

    private static SensorPayload parse(String json) {
        return SensorPayload.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static CoapSensor sensor(SensorKind kind) {
        return CoapSensor.plain(DeviceId.of("s-1"), kind, URI.create("coap://127.0.0.1/x"), "hall");
    }

    @Test
    void aFullPayloadIsRead() {
        var p = parse("{\"seq\":42,\"value\":true,\"battery\":87,\"at\":1763798400000,\"fw\":\"1.2\"}");

        assertThat(p.seq()).isEqualTo(42);
        assertThat(p.value().booleanValue()).isTrue();
        assertThat(p.battery()).isEqualTo(87.0);
        assertThat(p.at()).isEqualTo(Instant.ofEpochMilli(1763798400000L));
    }

    @Test
    void eachKindBecomesItsObservationPlusBattery() {
        assertThat(parse("{\"seq\":1,\"value\":true}").observations(sensor(SensorKind.DOOR), AT))
                .containsExactly(new Contact(DeviceId.of("s-1"), AT, "hall", true));
        assertThat(parse("{\"seq\":1,\"value\":false,\"battery\":5}").observations(sensor(SensorKind.BED), AT))
                .satisfiesExactly(o -> assertThat(o).isEqualTo(
                        new Occupancy(DeviceId.of("s-1"), AT, Place.BED, "hall", false)),
                        o -> assertThat(o).isInstanceOf(BatteryLevel.class));
        assertThat(parse("{\"seq\":1,\"value\":16.5}").observations(sensor(SensorKind.ROOM_TEMPERATURE), AT))
                .singleElement().isInstanceOfSatisfying(RoomTemperature.class,
                        t -> assertThat(t.temperature().celsius()).isEqualTo(16.5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                  | payload: is empty",
        "not json                            | payload: is not JSON",
        "[1,2]                               | payload: is not a JSON object",
        "{\"value\":true}                    | seq:",
        "{\"seq\":-1,\"value\":true}         | seq:",
        "{\"seq\":1.5,\"value\":true}        | seq:",
        "{\"seq\":1}                         | value: is required",
        "{\"seq\":1,\"value\":true,\"battery\":101} | battery:",
        "{\"seq\":1,\"value\":true,\"at\":\"now\"}  | at:",
    })
    void invalidPayloadsAreRejectedNamingTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aValueOfTheWrongTypeForTheKindIsRejected() {
        assertThatThrownBy(() -> parse("{\"seq\":1,\"value\":21.0}").observations(sensor(SensorKind.MOTION), AT))
                .hasMessageStartingWith("value:");
        assertThatThrownBy(() -> parse("{\"seq\":1,\"value\":true}")
                .observations(sensor(SensorKind.ROOM_TEMPERATURE), AT)).hasMessageStartingWith("value:");
        assertThatThrownBy(() -> parse("{\"seq\":1,\"value\":900}")
                .observations(sensor(SensorKind.ROOM_TEMPERATURE), AT)).hasMessageStartingWith("temperature:");
    }

    @Test
    void anOversizedPayloadIsRejectedBeforeParsing() {
        String big = "{\"seq\":1,\"value\":true,\"pad\":\"" + "x".repeat(600) + "\"}";

        assertThatThrownBy(() -> parse(big)).hasMessageStartingWith("payload: longer than");
    }
}
