package org.hearthgate.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.drivers.gpio.MockPi4j.drive;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.HazardKind;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.obs.PullCord;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.drivers.testing.RecordingCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GpioInputsTest {
    private static Context pi4j;

    private final ManualClock clock = ManualClock.at("2026-11-22T08:00:00Z");
    private final RecordingCallback seen = new RecordingCallback();
    private final List<GpioInputs> drivers = new ArrayList<>();

    @BeforeAll
    static void createContext() {
        pi4j = MockPi4j.newContext();
    }

    @AfterAll
    static void shutdownContext() {
        pi4j.shutdown();
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(GpioInputs::close);
    }

    private GpioInputs start(GpioInput... inputs) {
        var driver = new GpioInputs(pi4j, List.of(inputs), clock);
        drivers.add(driver);
        driver.start(seen);
        return driver;
    }

    private static GpioInput input(String device, InputKind kind, int pin) {
        return new GpioInput(DeviceId.of(device), kind, pin, ActiveLevel.HIGH, Pull.DOWN, Duration.ofMillis(50),
                "hall");
    }

    private void edge(int pin, boolean high, long afterMs) {
        clock.advanceMillis(afterMs);
        drive(pi4j, pin, high);
    }

    @Test
    void theCancelButtonTellsTheHubOncePerPressAndObservesNothing() {
        var driver = start(input("cancel", InputKind.CANCEL_BUTTON, 5));
        seen.clear();
        edge(5, true, 0);
        edge(5, false, 1);
        edge(5, true, 2);
        clock.advanceMillis(100);
        driver.tick();
        edge(5, false, 300);
        clock.advanceMillis(100);
        driver.tick();
        assertThat(seen.cancelPresses()).isEqualTo(1);
        assertThat(seen.events()).isEmpty();
        edge(5, true, 500);
        assertThat(seen.cancelPresses()).isEqualTo(2);
    }

    @Test
    void aBouncingPendantPressRaisesExactlyOnePendantPress() {
        var driver = start(input("pendant-1", InputKind.PENDANT, 17));
        seen.clear();

        edge(17, true, 0);
        edge(17, false, 1);
        edge(17, true, 2);
        edge(17, false, 3);
        edge(17, true, 4);
        clock.advanceMillis(100);
        driver.tick();
        edge(17, false, 400);
        edge(17, true, 2);
        edge(17, false, 3);
        clock.advanceMillis(100);
        driver.tick();

        assertThat(seen.events()).singleElement().isEqualTo(
                new PendantPress(DeviceId.of("pendant-1"), java.time.Instant.parse("2026-11-22T08:00:00Z")));
    }

    @Test
    void thePressIsReportedOnTheFirstEdgeWithoutWaitingForTheDebounceWindow() {
        start(input("pendant-1", InputKind.PENDANT, 17));
        seen.clear();

        edge(17, true, 0);

        assertThat(seen.of(PendantPress.class)).hasSize(1);
    }

    @Test
    void twoSeparatePressesAreTwoAlarmsNeverDeduplicated() {
        var driver = start(input("cord-1", InputKind.PULL_CORD, 18));
        seen.clear();

        edge(18, true, 0);
        edge(18, false, 800);
        edge(18, true, 1_500);
        clock.advanceMillis(100);
        driver.tick();

        assertThat(seen.of(PullCord.class)).hasSize(2)
                .allSatisfy(p -> assertThat(p.location()).isEqualTo("hall"));
    }

    @Test
    void aDoorThatBouncesShutIsReportedClosedOnceTheLineSettles() {
        var driver = start(input("door-1", InputKind.DOOR, 22));
        seen.clear();

        edge(22, true, 0);
        edge(22, false, 10);
        edge(22, true, 5);
        edge(22, false, 5);
        clock.advanceMillis(49);
        driver.tick();
        assertThat(seen.of(Contact.class)).extracting(Contact::open).containsExactly(true);

        clock.advanceMillis(1);
        driver.tick();
        assertThat(seen.of(Contact.class)).extracting(Contact::open).containsExactly(true, false);
    }

    @Test
    void activeLowInputsInvertThePinLevel() {
        var door = new GpioInput(DeviceId.of("door-2"), InputKind.DOOR, 23, ActiveLevel.LOW, Pull.UP,
                Duration.ofMillis(20), "back door");
        start(door);

        // The mock pin starts LOW, which for an active-low contact means open.
        assertThat(seen.of(Contact.class)).extracting(Contact::open).containsExactly(true);
        edge(23, true, 100);
        assertThat(seen.of(Contact.class)).extracting(Contact::open).containsExactly(true, false);
    }

    @Test
    void eachKindBecomesItsObservation() {
        start(input("mat", InputKind.FALL_MAT, 5), input("pir", InputKind.PIR, 6),
                input("bed", InputKind.BED_PAD, 12), input("chair", InputKind.CHAIR_PAD, 13),
                input("smoke", InputKind.HAZARD_SMOKE, 19), input("co", InputKind.HAZARD_CO, 20),
                input("ups", InputKind.MAINS_POWER, 21));
        seen.clear();

        for (int pin : new int[] {5, 6, 12, 13, 19, 20, 21}) {
            edge(pin, true, 1);
        }

        var at = clock.instant();
        assertThat(seen.events()).hasSize(7);
        assertThat(seen.of(FallDetected.class)).singleElement().satisfies(f -> {
            assertThat(f.source()).isEqualTo(FallSource.FALL_MAT);
            assertThat(f.confidence()).isEqualTo(1.0);
        });
        assertThat(seen.of(Motion.class)).singleElement().extracting(Motion::detected).isEqualTo(true);
        assertThat(seen.of(Occupancy.class)).extracting(Occupancy::place, Occupancy::occupied)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Place.BED, true),
                        org.assertj.core.groups.Tuple.tuple(Place.CHAIR, true));
        assertThat(seen.of(Hazard.class)).extracting(Hazard::hazard)
                .containsExactly(HazardKind.SMOKE, HazardKind.CARBON_MONOXIDE);
        assertThat(seen.of(MainsPower.class)).singleElement()
                .isEqualTo(new MainsPower(DeviceId.of("ups"), at, false));
    }

    @Test
    void mainsComingBackIsReportedAndAReleasedAlarmInputIsNot() {
        start(input("ups", InputKind.MAINS_POWER, 21), input("smoke", InputKind.HAZARD_SMOKE, 19));
        edge(21, true, 0);
        edge(19, true, 0);
        seen.clear();

        edge(21, false, 1_000);
        edge(19, false, 0);

        assertThat(seen.events()).singleElement().isInstanceOf(MainsPower.class)
                .extracting(o -> ((MainsPower) o).onMains()).isEqualTo(true);
    }

    @Test
    void startReportsEachInputOnlineAndTheCurrentStateOfStateInputs() {
        start(input("door-3", InputKind.DOOR, 24), input("pendant-3", InputKind.PENDANT, 25));

        assertThat(seen.of(DeviceStatus.class)).extracting(DeviceStatus::device, DeviceStatus::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(DeviceId.of("door-3"), DeviceState.ONLINE),
                        org.assertj.core.groups.Tuple.tuple(DeviceId.of("pendant-3"), DeviceState.ONLINE));
        assertThat(seen.events()).as("a closed door is reported, an idle pendant is not")
                .singleElement().isEqualTo(new Contact(DeviceId.of("door-3"), clock.instant(), "hall", false));
    }

    @Test
    void anAlarmAlreadyActiveAtStartIsRaised() {
        var cord = new GpioInput(DeviceId.of("cord-2"), InputKind.PULL_CORD, 26, ActiveLevel.LOW, Pull.UP,
                Duration.ofMillis(50), "bathroom");

        start(cord);

        assertThat(seen.of(PullCord.class)).hasSize(1);
    }

    @Test
    void aPinThatCannotBeClaimedIsReportedAsAnErrorNotThrown() {
        start(input("pendant-4", InputKind.PENDANT, 16));

        start(input("pendant-5", InputKind.PENDANT, 16));

        assertThat(seen.of(DeviceStatus.class)).filteredOn(s -> s.device().equals(DeviceId.of("pendant-5")))
                .singleElement().extracting(DeviceStatus::state).isEqualTo(DeviceState.ERROR);
    }

    @Test
    void aMissingProviderIsReportedAsAnErrorForEveryInput() {
        var driver = new GpioInputs(pi4j, List.of(input("pir-9", InputKind.PIR, 9)), clock, "no-such-provider");
        drivers.add(driver);

        driver.start(seen);

        assertThat(seen.of(DeviceStatus.class)).singleElement().extracting(DeviceStatus::state)
                .isEqualTo(DeviceState.ERROR);
    }

    @Test
    void closeReleasesThePinsSoAnotherDriverCanClaimThem() {
        var first = start(input("pir-1", InputKind.PIR, 4));
        first.close();
        seen.clear();

        start(input("pir-2", InputKind.PIR, 4));
        edge(4, true, 0);

        assertThat(seen.of(DeviceStatus.class)).singleElement().extracting(DeviceStatus::state)
                .isEqualTo(DeviceState.ONLINE);
        assertThat(seen.of(Motion.class)).extracting(Motion::device).containsOnly(DeviceId.of("pir-2"));
    }

    @Test
    void theDriversOwnTimerSettlesABurstWithoutATick() {
        var door = new GpioInput(DeviceId.of("door-4"), InputKind.DOOR, 27, ActiveLevel.HIGH, Pull.DOWN,
                Duration.ofMillis(50), null);
        start(door);
        edge(27, true, 0);
        edge(27, false, 5);
        clock.advanceMillis(60);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> seen.of(Contact.class).size() == 3);
        assertThat(seen.of(Contact.class)).extracting(Contact::open).containsExactly(false, true, false);
    }

    @Test
    void aChatteringLineIsReportedAsAnErrorAndItsRecoveryAsOnline() {
        var driver = start(input("cord-9", InputKind.PULL_CORD, 8));
        seen.clear();

        boolean high = true;
        for (int ms = 0; ms <= 5_010; ms += 10) {
            edge(8, high, 10);
            high = !high;
        }
        assertThat(seen.of(PullCord.class)).as("the first edge still raised the alarm").hasSize(1);
        assertThat(seen.of(DeviceStatus.class)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(DeviceState.ERROR);
            assertThat(s.detail()).isEqualTo("input chattering");
        });

        clock.advanceMillis(50);
        driver.tick();
        assertThat(seen.of(DeviceStatus.class)).extracting(DeviceStatus::state)
                .containsExactly(DeviceState.ERROR, DeviceState.ONLINE);
    }

    @Test
    void aLineThatTogglesSlowerThanTheDebounceWindowIsNotChattering() {
        start(input("pir-7", InputKind.PIR, 11));
        seen.clear();

        boolean high = true;
        for (int i = 0; i < 200; i++) {
            edge(11, high, 60);
            high = !high;
        }

        assertThat(seen.of(DeviceStatus.class)).isEmpty();
        assertThat(seen.of(Motion.class)).hasSize(200);
    }

    @Test
    void configurationMistakesFailAtConstructionNamingTheField() {
        var a = input("a", InputKind.PIR, 7);
        var b = input("b", InputKind.PIR, 7);

        assertThatThrownBy(() -> new GpioInputs(pi4j, List.of(a, b), clock))
                .hasMessageContaining("BCM pin 7");
        assertThatThrownBy(() -> new GpioInput(DeviceId.of("x"), InputKind.PIR, 54, ActiveLevel.HIGH, Pull.OFF,
                Duration.ZERO, null)).hasMessageStartingWith("pin:");
        assertThatThrownBy(() -> new GpioInput(DeviceId.of("x"), InputKind.PIR, 7, ActiveLevel.HIGH, Pull.OFF,
                Duration.ofSeconds(3), null)).hasMessageStartingWith("debounce:");
    }
}
