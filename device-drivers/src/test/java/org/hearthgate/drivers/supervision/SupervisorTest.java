package org.hearthgate.drivers.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.drivers.testing.RecordingCallback;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    private static final DeviceId PENDANT = DeviceId.of("pendant-1");
    private static final DeviceId PIR = DeviceId.of("pir-1");

    private final ManualClock clock = ManualClock.at("2026-11-22T08:00:00Z");
    private final List<SupervisionEvent> events = new CopyOnWriteArrayList<>();
    private final Supervisor supervisor = new Supervisor(clock, events::add);

    private List<EventCode> codes() {
        return events.stream().map(e -> e.event().code()).toList();
    }

    private void battery(DeviceId device, double percent) {
        supervisor.seen(new BatteryLevel(device, clock.instant(), Quantity.of(percent, Ucum.PERCENT)));
    }

    private void motion(DeviceId device) {
        supervisor.seen(new Motion(device, clock.instant(), "hall", true));
    }

    @Test
    void defaultPolicyFollowsTellu9hCheckInAnd73hOutOfRange() {
        assertThat(SupervisionPolicy.DEFAULT.checkIn()).isEqualTo(Duration.ofHours(9));
        assertThat(SupervisionPolicy.DEFAULT.missingAfter()).isEqualTo(Duration.ofHours(73));
        assertThat(SupervisionPolicy.DEFAULT.batteryLowRepeat()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aDeviceSilentForExactlyMissingAfterIsStillPresent() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);

        clock.advance(Duration.ofHours(73));
        supervisor.tick();

        assertThat(events).isEmpty();
    }

    @Test
    void aDeviceSilentJustPastMissingAfterIsReportedMissingOnce() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);

        clock.advance(Duration.ofHours(73).plusSeconds(1));
        supervisor.tick();
        clock.advance(Duration.ofHours(5));
        supervisor.tick();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event().code()).isEqualTo(EventCode.SENSOR_MISSING);
            assertThat(e.event().device()).isEqualTo(PENDANT);
            assertThat(e.event().priority()).isEqualTo(Priority.MEDIUM);
            assertThat(e.at()).isEqualTo(clock.instant().minus(Duration.ofHours(5)));
        });
    }

    @Test
    void silenceIsCountedFromTheLastCheckIn() {
        supervisor.watch(PIR, SupervisionPolicy.forCheckIn(Duration.ofMinutes(10)));
        assertThat(supervisor.health(PIR).orElseThrow().lastSeen()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(60));
        motion(PIR);
        clock.advance(Duration.ofMinutes(140));
        supervisor.tick();
        assertThat(events).as("140 min after the last motion, 8 x 10 min + 1 h allowed").isEmpty();

        clock.advance(Duration.ofMillis(1));
        supervisor.tick();
        assertThat(codes()).containsExactly(EventCode.SENSOR_MISSING);
    }

    @Test
    void aMissingDeviceThatChecksInIsRestoredAtOnce() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);
        clock.advance(Duration.ofHours(74));
        supervisor.tick();

        supervisor.seen(new PendantPress(PENDANT, clock.instant()));

        assertThat(codes()).containsExactly(EventCode.SENSOR_MISSING, EventCode.SENSOR_RESTORED);
        assertThat(supervisor.health(PENDANT).orElseThrow().missing()).isFalse();
    }

    @Test
    void aDriverReportingTheDeviceOfflineIsNotACheckIn() {
        supervisor.watch(PIR, SupervisionPolicy.DEFAULT);
        clock.advance(Duration.ofHours(70));

        supervisor.seen(new DeviceStatus(PIR, clock.instant(), DeviceState.OFFLINE, "no notifications"));
        clock.advance(Duration.ofHours(4));
        supervisor.tick();

        assertThat(codes()).containsExactly(EventCode.SENSOR_MISSING);
    }

    @Test
    void aDeviceReportingItsOwnTamperIsACheckIn() {
        supervisor.watch(PIR, SupervisionPolicy.DEFAULT);
        clock.advance(Duration.ofHours(70));

        supervisor.seen(new DeviceStatus(PIR, clock.instant(), DeviceState.TAMPERED, "case opened"));
        clock.advance(Duration.ofHours(4));
        supervisor.tick();

        assertThat(events).isEmpty();
    }

    @Test
    void batteryAtTheThresholdIsLowAndJustAboveIsNot() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);

        battery(PENDANT, 21);
        assertThat(events).isEmpty();

        battery(PENDANT, 20);
        assertThat(codes()).containsExactly(EventCode.BATTERY_LOW);
        assertThat(events.get(0).event().detail()).isEqualTo("battery at 20 %");
        assertThat(supervisor.health(PENDANT).orElseThrow().batteryPercent()).isEqualTo(20.0);
    }

    @Test
    void batteryLowIsRaisedAtMostOnceADayNotOnEveryReading() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);

        battery(PENDANT, 15);
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofHours(9));
            battery(PENDANT, 14 - i);
        }
        assertThat(codes()).as("18 h later").containsExactly(EventCode.BATTERY_LOW);

        clock.advance(Duration.ofHours(6).minusMillis(1));
        battery(PENDANT, 12);
        assertThat(codes()).as("1 ms short of a day").containsExactly(EventCode.BATTERY_LOW);

        clock.advance(Duration.ofMillis(1));
        battery(PENDANT, 12);
        assertThat(codes()).as("a day after the first").containsExactly(EventCode.BATTERY_LOW, EventCode.BATTERY_LOW);
    }

    @Test
    void theOnceADayRuleIsPerDevice() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);
        supervisor.watch(PIR, SupervisionPolicy.DEFAULT);

        battery(PENDANT, 10);
        battery(PIR, 10);

        assertThat(events).extracting(e -> e.event().device()).containsExactly(PENDANT, PIR);
    }

    @Test
    void aDeviceFlaggingItsOwnLowBatteryIsReported() {
        var meter = DeviceId.of("glucose-1");
        supervisor.watch(meter, SupervisionPolicy.DEFAULT);

        supervisor.seen(new BloodGlucose(meter, clock.instant(), Quantity.of(5.5, Ucum.MMOL_PER_L), 1, null, null,
                null, Set.of(Quality.DEVICE_BATTERY_LOW)));

        assertThat(codes()).containsExactly(EventCode.BATTERY_LOW);
    }

    @Test
    void unwatchedDevicesAreIgnoredSoMemoryStaysBounded() {
        var bounded = new Supervisor(clock, events::add, null, 2);
        bounded.watch(PENDANT, SupervisionPolicy.DEFAULT);
        bounded.watch(PIR, SupervisionPolicy.DEFAULT);

        for (int i = 0; i < 1_000; i++) {
            bounded.seen(new BatteryLevel(DeviceId.of("stray-" + i), clock.instant(), Quantity.of(1, Ucum.PERCENT)));
        }

        assertThat(bounded.watchedCount()).isEqualTo(2);
        assertThat(events).isEmpty();
        assertThatThrownBy(() -> bounded.watch(DeviceId.of("third"), SupervisionPolicy.DEFAULT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSupervisingCallbackNotesThenForwardsEveryObservation() {
        supervisor.watch(PENDANT, SupervisionPolicy.DEFAULT);
        clock.advance(Duration.ofHours(80));
        supervisor.tick();
        var downstream = new RecordingCallback();

        var press = new PendantPress(PENDANT, clock.instant());
        supervisor.supervising(downstream).observed(press);

        assertThat(downstream.all()).containsExactly(press);
        assertThat(codes()).containsExactly(EventCode.SENSOR_MISSING, EventCode.SENSOR_RESTORED);
    }

    @Test
    void aPolicyWhoseMissingAfterIsShorterThanItsCheckInIsRejected() {
        assertThatThrownBy(() -> SupervisionPolicy.forCheckIn(Duration.ofHours(9))
                .withMissingAfter(Duration.ofHours(8))).hasMessageStartingWith("missingAfter:");
        assertThatThrownBy(() -> SupervisionPolicy.DEFAULT.withBatteryLowPercent(101))
                .hasMessageStartingWith("batteryLowPercent:");
    }
}
