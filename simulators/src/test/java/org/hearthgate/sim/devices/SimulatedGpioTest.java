package org.hearthgate.sim.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.drivers.gpio.InputKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Wired sensors through Pi4J's mock platform and the hub's real GPIO driver: a random sequence of level changes, a
 * second or more apart, comes out as exactly the observations those changes mean. One Pi4J context for the class
 * (building one takes about a second).
 */
class SimulatedGpioTest {
    private static final DeviceId PENDANT = DeviceId.of("pendant-1");
    private static final DeviceId DOOR = DeviceId.of("front-door");
    private static final DeviceId BED = DeviceId.of("bed-1");
    private static final DeviceId PIR = DeviceId.of("pir-hall");
    private static final DeviceId UPS = DeviceId.of("ups");
    private static final List<DeviceId> ALL = List.of(PENDANT, DOOR, BED, PIR, UPS);
    private static final ManualClock CLOCK = ManualClock.at("2026-03-02T09:00:00Z");
    private static final List<Observation> SEEN = new CopyOnWriteArrayList<>();
    private static SimulatedGpio gpio;
    private static final Map<DeviceId, Boolean> LEVEL = new HashMap<>();

    @BeforeAll
    static void wire() {
        gpio = new SimulatedGpio(List.of(SimulatedGpio.input("pendant-1", InputKind.PENDANT, 17, null),
                SimulatedGpio.input("front-door", InputKind.DOOR, 27, "front door"),
                SimulatedGpio.input("bed-1", InputKind.BED_PAD, 22, "bedroom"),
                SimulatedGpio.input("pir-hall", InputKind.PIR, 26, "hall"),
                SimulatedGpio.input("ups", InputKind.MAINS_POWER, 24, null)), CLOCK);
        gpio.driver().start(SEEN::add);
        ALL.forEach(d -> LEVEL.put(d, false));
    }

    @AfterAll
    static void unwire() {
        gpio.close();
    }

    @RepeatedTest(20)
    void everyChangeIsTheObservationItMeans(RepetitionInfo rep) {
        Random r = new Random(11L * rep.getCurrentRepetition());
        SEEN.clear();
        List<Observation> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DeviceId d = ALL.get(r.nextInt(ALL.size()));
            boolean active = !LEVEL.get(d);
            CLOCK.advance(Duration.ofMillis(1000 + r.nextInt(60_000)));
            gpio.set(d, active);
            LEVEL.put(d, active);
            var at = CLOCK.instant();
            if (d.equals(PENDANT)) {
                if (active) {
                    expected.add(new PendantPress(d, at));
                }
            } else if (d.equals(DOOR)) {
                expected.add(new Contact(d, at, "front door", active));
            } else if (d.equals(BED)) {
                expected.add(new Occupancy(d, at, org.hearthgate.contract.obs.Place.BED, "bedroom", active));
            } else if (d.equals(PIR)) {
                expected.add(new Motion(d, at, "hall", active));
            } else {
                expected.add(new MainsPower(d, at, !active));
            }
        }
        assertThat(SEEN).containsExactlyElementsOf(expected);
    }
}
