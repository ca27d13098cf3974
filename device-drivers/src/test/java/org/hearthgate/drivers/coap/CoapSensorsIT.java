package org.hearthgate.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.RoomTemperature;
import org.hearthgate.drivers.testing.RecordingCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real Californium servers on loopback, ephemeral ports, plain and DTLS-PSK. */
class CoapSensorsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final PskCredentials KEY = PskCredentials.ofHex("hub-1", "00112233445566778899aabbccddeeff");
    private static final CoapSettings FAST = new CoapSettings(Duration.ofMillis(500), Duration.ofSeconds(2),
            Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofHours(1), Duration.ofMillis(50),
            InetAddress.getLoopbackAddress());

    private final RecordingCallback seen = new RecordingCallback();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private TestSensorServer server(String path, String initial, PskCredentials psk) throws Exception {
        var server = new TestSensorServer(path, initial, 1, psk).start();
        toClose.add(server);
        return server;
    }

    private CoapSensors driver(CoapSensor... sensors) {
        var driver = new CoapSensors(List.of(sensors), Clock.systemUTC(), FAST);
        toClose.add(driver);
        driver.start(seen);
        return driver;
    }

    /** After one outage: one OFFLINE, then ONLINE again, registered again, and motion gets through. */
    private void assertObservedAgain(TestSensorServer server, DeviceId pir) throws Exception {
        await().atMost(WAIT).until(() -> states(pir).size() == 3);
        await().atMost(WAIT).until(() -> server.observers() == 1);
        server.publish("true");
        await().atMost(WAIT).until(() -> seen.of(Motion.class).stream().anyMatch(Motion::detected));
        assertThat(states(pir)).containsExactly(DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE);
    }

    private List<DeviceState> states(DeviceId device) {
        return seen.of(DeviceStatus.class).stream().filter(s -> s.device().equals(device))
                .map(DeviceStatus::state).toList();
    }

    @Test
    void motionNotificationsBecomeMotionObservations() throws Exception {
        var server = server("motion", "false", null);
        var pir = DeviceId.of("pir-hall");
        driver(CoapSensor.plain(pir, SensorKind.MOTION, server.uri(), "hall"));
        await().atMost(WAIT).until(() -> seen.of(Motion.class).size() == 1);

        server.publish("true");
        server.publish("false");

        await().atMost(WAIT).untilAsserted(() -> assertThat(seen.of(Motion.class))
                .extracting(Motion::detected).containsExactly(false, true, false));
        assertThat(seen.of(Motion.class)).allSatisfy(m -> assertThat(m.room()).isEqualTo("hall"));
        assertThat(states(pir)).containsExactly(DeviceState.ONLINE);
    }

    @Test
    void heartbeatsKeepTheRelationWithoutRepeatingTheReading() throws Exception {
        var server = server("bed", "true", null);
        var bed = DeviceId.of("bed-pad");
        driver(CoapSensor.plain(bed, SensorKind.BED, server.uri(), "bedroom"));
        await().atMost(WAIT).until(() -> seen.of(Occupancy.class).size() == 1);

        for (int i = 0; i < 5; i++) {
            server.heartbeat();
        }
        server.publish("false");

        await().atMost(WAIT).until(() -> seen.of(Occupancy.class).size() == 2);
        assertThat(seen.of(Occupancy.class)).extracting(Occupancy::occupied).containsExactly(true, false);
        assertThat(states(bed)).containsExactly(DeviceState.ONLINE);
    }

    @Test
    void aBurstEndsOnTheLatestReadingAndNeverGoesBackwards() throws Exception {
        var server = server("door", "false", null);
        var door = DeviceId.of("door-front");
        var driver = driver(CoapSensor.plain(door, SensorKind.DOOR, server.uri(), "front door"));
        await().atMost(WAIT).until(() -> seen.of(Contact.class).size() == 1);

        for (int i = 0; i < 10; i++) {
            server.publish(i % 2 == 0 ? "true" : "false");
        }
        server.publish("true");

        await("every reading received or counted as missed").atMost(WAIT)
                .until(() -> seen.of(Contact.class).size() - 1 + driver.missedReadings() == 11);
        assertThat(seen.of(Contact.class)).last().extracting(Contact::open).isEqualTo(true);
    }

    @Test
    void aRestartedSensorIsRegisteredAgainAndReportedOfflineThenOnline() throws Exception {
        var server = server("temp", "21.5", null);
        var thermo = DeviceId.of("thermo-lounge");
        driver(CoapSensor.plain(thermo, SensorKind.ROOM_TEMPERATURE, server.uri(), "lounge"));
        await().atMost(WAIT).until(() -> seen.of(RoomTemperature.class).size() == 1);

        server.stop();
        await().atMost(WAIT).until(() -> states(thermo).contains(DeviceState.OFFLINE));
        server.start();
        await().atMost(WAIT).until(() -> states(thermo).size() == 3);
        server.publish("19.0");

        await().atMost(WAIT).untilAsserted(() -> assertThat(seen.of(RoomTemperature.class)).last()
                .extracting(t -> t.temperature().value()).isEqualTo(19.0));
        assertThat(states(thermo)).containsExactly(DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE);
    }

    @Test
    void readingsOfASensorThatRebootedAndCountsFromZeroAreNotMistakenForStale() throws Exception {
        var server = server("door", "false", null);
        var door = DeviceId.of("door-side");
        driver(CoapSensor.plain(door, SensorKind.DOOR, server.uri(), "side door"));
        for (int i = 0; i < 5; i++) {
            server.publish(i % 2 == 0 ? "true" : "false");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(seen.of(Contact.class)).last()
                .extracting(Contact::open).isEqualTo(true));

        server.reboot("false");
        await().atMost(WAIT).until(() -> states(door).size() == 3);
        server.publish("true");

        await().atMost(WAIT).untilAsserted(() -> assertThat(seen.of(Contact.class)).last()
                .extracting(Contact::open).isEqualTo(true));
        assertThat(seen.of(Contact.class)).extracting(Contact::open).endsWith(true, false, true);
    }

    @Test
    void aSensorWhoseNotificationsStopIsReportedOfflineAndObservedAgain() throws Exception {
        var server = server("motion", "false", null);
        var pir = DeviceId.of("pir-stairs");
        driver(CoapSensor.plain(pir, SensorKind.MOTION, server.uri(), "stairs"));
        await().atMost(WAIT).until(() -> states(pir).contains(DeviceState.ONLINE));

        server.stopHeartbeats();
        await().atMost(WAIT).until(() -> states(pir).contains(DeviceState.OFFLINE));
        server.startHeartbeats();

        assertObservedAgain(server, pir);
    }

    @Test
    void closingDeregistersFromTheSensor() throws Exception {
        var server = server("bed", "false", null);
        var driver = driver(CoapSensor.plain(DeviceId.of("bed-2"), SensorKind.BED, server.uri(), null));
        await().atMost(WAIT).until(() -> server.observers() == 1);

        driver.close();

        await().atMost(WAIT).until(() -> server.observers() == 0);
    }

    @Test
    void aRelationEndedByTheSensorIsRegisteredAgain() throws Exception {
        var server = server("motion", "false", null);
        var pir = DeviceId.of("pir-kitchen");
        driver(CoapSensor.plain(pir, SensorKind.MOTION, server.uri(), "kitchen"));
        await().atMost(WAIT).until(() -> states(pir).contains(DeviceState.ONLINE));

        server.endObservations();

        assertObservedAgain(server, pir);
    }

    @Test
    void dtlsWithAPreSharedKeyCarriesReadingsAndSurvivesASensorRestart() throws Exception {
        var server = server("temp", "20.0", KEY);
        var thermo = DeviceId.of("thermo-secure");
        driver(CoapSensor.secure(thermo, SensorKind.ROOM_TEMPERATURE, server.uri(), "bedroom", KEY));
        await().atMost(WAIT).until(() -> seen.of(RoomTemperature.class).size() == 1);

        server.stop();
        await().atMost(WAIT).until(() -> states(thermo).contains(DeviceState.OFFLINE));
        server.start();
        await().atMost(WAIT).until(() -> states(thermo).size() == 3);
        server.publish("17.5");

        await().atMost(WAIT).untilAsserted(() -> assertThat(seen.of(RoomTemperature.class))
                .extracting(t -> t.temperature().value()).containsExactly(20.0, 17.5));
        assertThat(states(thermo)).containsExactly(DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE);
    }

    @Test
    void twoSecureResourcesOfOneSensorBothRecoverFromItsRestartWithoutKnockingEachOtherOut() throws Exception {
        var server = new TestSensorServer("temp", "20.0", 1, KEY).withCompanion("motion", "false").start();
        toClose.add(server);
        var thermo = DeviceId.of("multi-temp");
        var pir = DeviceId.of("multi-pir");
        driver(CoapSensor.secure(thermo, SensorKind.ROOM_TEMPERATURE, server.uri(), "study", KEY),
                CoapSensor.secure(pir, SensorKind.MOTION, server.uri("motion"), "study", KEY));
        await().atMost(WAIT).until(() -> states(thermo).size() == 1 && states(pir).size() == 1);

        server.stop();
        await().atMost(WAIT).until(() -> states(thermo).size() == 2 && states(pir).size() == 2);
        server.start();
        await().atMost(WAIT).until(() -> states(thermo).size() == 3 && states(pir).size() == 3);

        await("both relations stay up").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> states(thermo).size() == 3 && states(pir).size() == 3);
        for (var device : List.of(thermo, pir)) {
            assertThat(states(device)).containsExactly(DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE);
        }
    }

    @Test
    void aWrongPreSharedKeyNeverYieldsReadings() throws Exception {
        var server = server("motion", "true", KEY);
        var pir = DeviceId.of("pir-intruder");
        var wrong = PskCredentials.ofHex("hub-1", "ffeeddccbbaa99887766554433221100");
        var driver = driver(CoapSensor.secure(pir, SensorKind.MOTION, server.uri(), null, wrong));

        await().atMost(WAIT).until(() -> states(pir).contains(DeviceState.OFFLINE));
        long attemptsAtOffline = driver.registrationAttempts();
        await("one OFFLINE per outage, however many retries, and never ONLINE").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5)).until(() -> states(pir).equals(List.of(DeviceState.OFFLINE)));

        assertThat(seen.of(Motion.class)).isEmpty();
        // Backoff 100, 200, 400, 800, 800 ms...: at most 3 s / 100 ms would mean no backoff at all.
        assertThat(driver.registrationAttempts() - attemptsAtOffline).isBetween(1L, 8L);
    }

    @Test
    void anEndpointThatCannotBindIsReportedAsAnErrorForItsSensors() {
        var pir = DeviceId.of("pir-nowhere");
        // 192.0.2.1 (TEST-NET-1) is not an address of this host, so the bind fails locally; nothing is sent.
        var settings = FAST.withBindAddress(addressOf("192.0.2.1"));
        var driver = new CoapSensors(List.of(CoapSensor.plain(pir, SensorKind.MOTION,
                java.net.URI.create("coap://127.0.0.1:5683/motion"), null)), Clock.systemUTC(), settings);
        toClose.add(driver);

        driver.start(seen);

        await().atMost(WAIT).until(() -> states(pir).contains(DeviceState.ERROR));
        assertThat(states(pir)).containsExactly(DeviceState.ERROR);
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void invalidPayloadsAreCountedAndReportedWithoutLosingTheNextGoodOne() throws Exception {
        var server = server("motion", "false", null);
        var pir = DeviceId.of("pir-landing");
        var driver = driver(CoapSensor.plain(pir, SensorKind.MOTION, server.uri(), "landing"));
        await().atMost(WAIT).until(() -> seen.of(Motion.class).size() == 1);

        server.sendRaw("{\"seq\":\"x\",\"value\":true}");
        await().atMost(WAIT).until(() -> states(pir).contains(DeviceState.ERROR));
        server.publish("true");

        await().atMost(WAIT).until(() -> seen.of(Motion.class).size() == 2);
        assertThat(driver.rejectedPayloads()).isPositive();
        assertThat(states(pir)).startsWith(DeviceState.ONLINE, DeviceState.ERROR, DeviceState.ONLINE);
    }

    @Test
    void batteryInThePayloadBecomesABatteryLevel() throws Exception {
        var server = server("door", "false", null);
        var door = DeviceId.of("door-back");
        driver(CoapSensor.plain(door, SensorKind.DOOR, server.uri(), null));
        await().atMost(WAIT).until(() -> seen.of(Contact.class).size() == 1);

        server.sendRaw("{\"seq\":7,\"value\":true,\"battery\":18}");

        await().atMost(WAIT).until(() -> seen.of(BatteryLevel.class).size() == 1);
        assertThat(seen.of(BatteryLevel.class).get(0).level().value()).isEqualTo(18.0);
    }
}
