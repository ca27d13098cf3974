package org.hearthgate.sim.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.drivers.ble.Backoff;
import org.hearthgate.drivers.ble.BleDeviceConfig;
import org.hearthgate.drivers.ble.BleDeviceDriver;
import org.hearthgate.drivers.ble.GattUuids;
import org.hearthgate.drivers.ble.RecordDeduplicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated peripheral through the hub's real BLE driver: stored records arrive once, in order, on connection. */
class SimulatedGattDeviceTest {
    private static final String ADDRESS = "AA:BB:CC:00:11:22";
    private final ManualClock clock = new ManualClock(java.time.Instant.parse("2026-03-09T09:00:00Z"), ZoneOffset.UTC);
    private final List<Observation> seen = new CopyOnWriteArrayList<>();
    private BleDeviceDriver driver;

    private BleDeviceDriver drive(SimulatedGattDevice device, String id) {
        driver = new BleDeviceDriver(new BleDeviceConfig(DeviceId.of(id), ADDRESS, true,
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), RecordDeduplicator.DEFAULT_CAPACITY),
                device, clock);
        driver.start(seen::add);
        return driver;
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private List<BloodPressure> pressures() {
        return seen.stream().filter(BloodPressure.class::isInstance).map(BloodPressure.class::cast).toList();
    }

    @Test
    void aCuffOutOfRangeSendsEveryStoredReadingOnceWhenItComesBack() {
        SimulatedGattDevice cuff = new SimulatedGattDevice(ADDRESS, GattUuids.BLOOD_PRESSURE_MEASUREMENT);
        cuff.inRange(false);
        LocalDateTime first = LocalDateTime.of(2026, 3, 8, 8, 0);
        for (int day = 0; day < 5; day++) {
            cuff.measure(GattFrames.bloodPressure(130 + day, 80 + day, 97, 70, first.minusDays(day), Set.of()));
        }
        drive(cuff, "cuff-1");
        await().until(() -> cuff.connections() == 0 && seen.stream().anyMatch(o -> !(o instanceof BloodPressure)));
        assertThat(pressures()).isEmpty();

        cuff.inRange(true);
        await().until(() -> pressures().size() == 5);
        assertThat(pressures()).extracting(b -> b.systolic().value()).containsExactly(130.0, 131.0, 132.0, 133.0,
                134.0);
        assertThat(pressures().get(4).at()).isEqualTo(first.minusDays(4).toInstant(ZoneOffset.UTC));
        assertThat(cuff.storedRecords()).isZero();

        // Live again: a new reading goes straight through.
        cuff.measure(GattFrames.bloodPressure(120, 75, 90, 66, first.plusDays(1), Set.of()));
        await().until(() -> pressures().size() == 6);
    }

    @Test
    void aCuffThatResendsItsMemoryAfterALostLinkIsNotCountedTwice() {
        SimulatedGattDevice cuff = new SimulatedGattDevice(ADDRESS, GattUuids.BLOOD_PRESSURE_MEASUREMENT);
        byte[] reading = GattFrames.bloodPressure(141, 88, 105, 72, LocalDateTime.of(2026, 3, 8, 20, 0), Set.of());
        cuff.measure(reading);
        drive(cuff, "cuff-1");
        await().until(() -> pressures().size() == 1);
        cuff.inRange(false);
        cuff.measure(reading); // a cuff that did not clear its memory sends the same record again
        cuff.inRange(true);
        await().until(() -> cuff.storedRecords() == 0 && cuff.sent() == 2);
        await().until(() -> driver.stats().replaysDropped() == 1);
        assertThat(pressures()).hasSize(1);
    }

    @Test
    void aGlucoseMeterSendsItsStoredRecordsWhenTheHubAsks() {
        SimulatedGattDevice meter = new SimulatedGattDevice(ADDRESS, GattUuids.GLUCOSE_MEASUREMENT);
        LocalDateTime t = LocalDateTime.of(2026, 3, 8, 7, 30);
        meter.measure(GattFrames.glucose(1, t, 6.2));
        meter.measure(GattFrames.glucose(2, t.plusHours(12), 9.8));
        drive(meter, "meter-1");
        await().until(() -> seen.stream().filter(BloodGlucose.class::isInstance).count() == 2);
        assertThat(seen.stream().filter(BloodGlucose.class::isInstance).map(BloodGlucose.class::cast))
                .extracting(BloodGlucose::sequence).containsExactly(1, 2);
    }
}
