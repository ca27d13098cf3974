package org.hearthgate.sim.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.RoomTemperature;
import org.hearthgate.drivers.coap.CoapSensor;
import org.hearthgate.drivers.coap.CoapSensors;
import org.hearthgate.drivers.coap.CoapSettings;
import org.hearthgate.drivers.coap.SensorKind;
import org.junit.jupiter.api.Test;

/** Simulated CoAP sensors (real Californium servers) observed by the hub's real CoAP driver over loopback UDP. */
class SimulatedCoapSensorIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final CoapSettings FAST = new CoapSettings(Duration.ofMinutes(5), Duration.ofSeconds(2),
            Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofHours(1), Duration.ofMillis(50),
            InetAddress.getLoopbackAddress());

    private final List<Observation> seen = new CopyOnWriteArrayList<>();

    private <T> List<T> of(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void roomTemperaturesDecodeToTheSimulatedValues() {
        Random random = new Random(2026);
        try (SimulatedCoapSensor sensor = new SimulatedCoapSensor("temperature", "19.5");
                CoapSensors driver = new CoapSensors(List.of(CoapSensor.plain(DeviceId.of("thermo-1"),
                        SensorKind.ROOM_TEMPERATURE, sensor.uri(), "lounge")), Clock.systemUTC(), FAST)) {
            driver.start(seen::add);
            await().atMost(WAIT).until(() -> sensor.observers() == 1 && of(RoomTemperature.class).size() == 1);
            for (int i = 0; i < 25; i++) {
                double celsius = (50 + random.nextInt(250)) / 10.0; // 5.0 .. 29.9 °C
                int battery = random.nextInt(101);
                int before = of(RoomTemperature.class).size();
                sensor.report(Double.toString(celsius), battery, null);
                await().atMost(WAIT).until(() -> of(RoomTemperature.class).size() == before + 1);
                assertThat(of(RoomTemperature.class).getLast().temperature().value()).isEqualTo(celsius);
                assertThat(of(BatteryLevel.class).getLast().level().value()).isEqualTo(battery);
            }
        }
    }

    @Test
    void motionWithTheSensorsOwnTimeArrivesAsMotion() {
        try (SimulatedCoapSensor pir = new SimulatedCoapSensor("motion", "false");
                CoapSensors driver = new CoapSensors(List.of(CoapSensor.plain(DeviceId.of("pir-coap"),
                        SensorKind.MOTION, pir.uri(), "hall")), Clock.systemUTC(), FAST)) {
            driver.start(seen::add);
            await().atMost(WAIT).until(() -> pir.observers() == 1);
            Instant at = Instant.now().minusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            pir.report("true", null, at.toEpochMilli());
            await().atMost(WAIT).until(() -> of(Motion.class).stream().anyMatch(Motion::detected));
            Motion m = of(Motion.class).stream().filter(Motion::detected).findFirst().orElseThrow();
            assertThat(m.room()).isEqualTo("hall");
            assertThat(m.at()).isEqualTo(at);
        }
    }
}
