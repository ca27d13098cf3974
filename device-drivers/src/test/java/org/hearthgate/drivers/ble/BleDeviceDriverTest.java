package org.hearthgate.drivers.ble;

import org.hearthgate.contract.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BleDeviceDriverTest {
    private static final DeviceId CUFF = DeviceId.of("cuff-1");
    private static final String ADDRESS = "AA:BB:CC:DD:EE:01";

    private final ManualClock clock = new ManualClock(TestClocks.NOW, TestClocks.ZONE);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final InMemoryGattTransport device = new InMemoryGattTransport();
    private final List<Observation> seen = new ArrayList<>();
    private BleDeviceDriver driver;

    private BleDeviceDriver start() {
        driver = new BleDeviceDriver(BleDeviceConfig.of(CUFF, ADDRESS), device, clock, scheduler);
        driver.start(seen::add);
        return driver;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static byte[] storedBp(LocalDateTime t, int systolic) {
        return FrameBuilder.flags(0x0A).sfloat(systolic, 0).sfloat(80, 0).sfloat(93, 0).dateTime(t).u8(1).build();
    }

    private <T extends Observation> List<T> seen(Class<T> type) {
        return seen.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<DeviceState> states() {
        return seen(DeviceStatus.class).stream().map(DeviceStatus::state).toList();
    }

    @Test
    void onConnectSetsTheClockSubscribesReportsOnlineAndTheBattery() throws FrameException {
        device.with(GattUuids.BLOOD_PRESSURE_MEASUREMENT, GattUuids.INTERMEDIATE_CUFF_PRESSURE,
                GattUuids.CURRENT_TIME, GattUuids.BATTERY_LEVEL, 0x2A49);
        device.readValues.put(GattUuids.BATTERY_LEVEL, new byte[] {80});
        start();

        assertThat(device.log).containsSubsequence("connect " + ADDRESS, "bond", "write 0x2A2B",
                "subscribe 0x2A35", "subscribe 0x2A36", "read 0x2A19", "subscribe 0x2A19");
        assertThat(device.currentTimeWrites).singleElement().satisfies(w -> assertThat(
                GattDateTime.decode(w, 0, (f, r) -> new FrameException(r)))
                .contains(LocalDateTime.of(2026, 11, 22, 9, 0, 0)));
        assertThat(seen).containsExactly(
                new DeviceStatus(CUFF, TestClocks.NOW, DeviceState.ONLINE, "connected"),
                new BatteryLevel(CUFF, TestClocks.NOW, Quantity.of(80, Ucum.PERCENT)));
    }

    @Test
    void feedsEachCharacteristicToItsParser() {
        device.with(GattUuids.BLOOD_PRESSURE_MEASUREMENT, GattUuids.INTERMEDIATE_CUFF_PRESSURE);
        start();
        device.notify(GattUuids.INTERMEDIATE_CUFF_PRESSURE,
                FrameBuilder.flags(0).sfloat(150, 0).sfloat(Ieee11073.Special.NAN).sfloat(Ieee11073.Special.NAN)
                        .build());
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(TestClocks.DEVICE_TIME, 128));
        assertThat(seen(BloodPressure.class)).singleElement().satisfies(bp -> {
            assertThat(bp.systolic().value()).isEqualTo(128);
            assertThat(bp.at()).isEqualTo(TestClocks.DEVICE_INSTANT);
        });
    }

    @Test
    void storedRecordsReplayedOnReconnectAreForwardedOnce() {
        device.with(GattUuids.BLOOD_PRESSURE_MEASUREMENT);
        start();
        LocalDateTime t = TestClocks.DEVICE_TIME;
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(t, 120));
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(t.plusMinutes(5), 124));
        device.lose("out of range");
        scheduler.advance(Backoff.DEFAULT.initial());
        assertThat(device.connected()).isTrue();
        // The cuff replays its whole memory, then one reading taken while away.
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(t, 120));
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(t.plusMinutes(5), 124));
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(t.plusMinutes(9), 131));

        assertThat(seen(BloodPressure.class)).extracting(bp -> bp.systolic().value()).containsExactly(120.0, 124.0,
                131.0);
        assertThat(driver.stats().replaysDropped()).isEqualTo(2);
    }

    @Test
    void liveReadingsWithoutAStampAreNeverDeduplicated() {
        device.with(GattUuids.HEART_RATE_MEASUREMENT);
        start();
        for (int i = 0; i < 3; i++) {
            device.notify(GattUuids.HEART_RATE_MEASUREMENT, new byte[] {0, 72});
        }
        assertThat(seen).filteredOn(o -> !(o instanceof DeviceStatus)).hasSize(3);
    }

    @Test
    void aLostLinkIsReportedOnceAndRetriedWithBoundedBackoff() {
        device.with(GattUuids.PLX_SPOT_CHECK_MEASUREMENT);
        start();
        device.lose("supervision timeout");
        device.refuseConnects = 8;
        scheduler.advance(Duration.ofMinutes(3));

        assertThat(states()).containsExactly(DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE);
        assertThat(seen(DeviceStatus.class).get(1).detail()).isEqualTo("link lost: supervision timeout");
        assertThat(scheduler.requestedDelays()).extracting(Duration::getSeconds)
                .containsExactly(2L, 4L, 8L, 15L, 15L, 15L, 15L, 15L, 15L);
        assertThat(device.connected()).isTrue();
    }

    @Test
    void aDeviceThatCannotBeReachedAtStartIsOfflineUntilItIs() {
        device.with(GattUuids.TEMPERATURE_MEASUREMENT);
        device.refuseConnects = 2;
        start();
        assertThat(states()).containsExactly(DeviceState.OFFLINE);
        assertThat(seen(DeviceStatus.class).get(0).detail()).isEqualTo("connect failed: device not in range");
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(states()).containsExactly(DeviceState.OFFLINE, DeviceState.ONLINE);
    }

    @Test
    void aMalformedFrameIsCountedAndTheDriverCarriesOn() {
        device.with(GattUuids.BLOOD_PRESSURE_MEASUREMENT);
        start();
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, new byte[] {0x00, 0x78});
        device.notify(GattUuids.BLOOD_PRESSURE_MEASUREMENT, storedBp(TestClocks.DEVICE_TIME, 120));
        assertThat(driver.stats().rejectedFrames()).isEqualTo(1);
        assertThat(seen(BloodPressure.class)).hasSize(1);
    }

    @Test
    void glucoseContextIsJoinedAndAWaitingReadingSurvivesALostLink() {
        device.with(GattUuids.GLUCOSE_MEASUREMENT, GattUuids.GLUCOSE_MEASUREMENT_CONTEXT);
        start();
        byte[] withContext = FrameBuilder.flags(0x12).u16(7).dateTime(TestClocks.DEVICE_TIME).sfloat(110, -5)
                .u8(0x11).build();
        device.notify(GattUuids.GLUCOSE_MEASUREMENT, withContext);
        assertThat(seen(BloodGlucose.class)).isEmpty();
        device.notify(GattUuids.GLUCOSE_MEASUREMENT_CONTEXT, FrameBuilder.flags(0x02).u16(7).u8(1).build());
        assertThat(seen(BloodGlucose.class)).singleElement().satisfies(g -> {
            assertThat(g.meal()).isEqualTo("preprandial");
            assertThat(g.concentration()).isEqualTo(Quantity.of(110, Ucum.MG_PER_DL));
        });

        byte[] next = FrameBuilder.flags(0x12).u16(8).dateTime(TestClocks.DEVICE_TIME.plusMinutes(1))
                .sfloat(120, -5).u8(0x11).build();
        device.notify(GattUuids.GLUCOSE_MEASUREMENT, next);
        device.lose("meter switched off");
        assertThat(seen(BloodGlucose.class)).extracting(BloodGlucose::sequence).containsExactly(7, 8);
        assertThat(seen(BloodGlucose.class).get(1).meal()).isNull();
    }

    @Test
    void asksAGlucoseMeterForAllStoredRecordsThenOnlyForNewerOnes() {
        device.with(GattUuids.GLUCOSE_MEASUREMENT, GattUuids.RECORD_ACCESS_CONTROL_POINT);
        start();
        assertThat(device.log).containsSubsequence("subscribe 0x2A18", "subscribe 0x2A52", "write 0x2A52");
        assertThat(device.racpWrites).singleElement().isEqualTo(new byte[] {0x01, 0x01});
        for (int seq = 40; seq <= 41; seq++) {
            device.notify(GattUuids.GLUCOSE_MEASUREMENT, FrameBuilder.flags(0x02).u16(seq)
                    .dateTime(TestClocks.DEVICE_TIME.plusMinutes(seq)).sfloat(100 + seq, -5).u8(0x11).build());
        }
        device.notify(GattUuids.RECORD_ACCESS_CONTROL_POINT, new byte[] {0x06, 0x00, 0x01, 0x01});
        device.lose("meter switched off");
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(device.racpWrites).last().isEqualTo(new byte[] {0x01, 0x03, 0x01, 42, 0});
        assertThat(seen(BloodGlucose.class)).extracting(BloodGlucose::sequence).containsExactly(40, 41);
        assertThat(driver.stats().rejectedFrames()).isZero();
    }

    @Test
    void aGlucoseReadingWhoseContextNeverComesIsReleasedAfterTheWait() {
        device.with(GattUuids.GLUCOSE_MEASUREMENT);
        start();
        device.notify(GattUuids.GLUCOSE_MEASUREMENT, FrameBuilder.flags(0x12).u16(9)
                .dateTime(TestClocks.DEVICE_TIME).sfloat(99, -5).u8(0x11).build());
        assertThat(seen(BloodGlucose.class)).isEmpty();
        scheduler.advance(GlucoseJoiner.CONTEXT_WAIT);
        assertThat(seen(BloodGlucose.class)).singleElement().extracting(BloodGlucose::sequence).isEqualTo(9);
    }

    @Test
    void eventsFromAnOldConnectionAreIgnored() {
        device.with(GattUuids.HEART_RATE_MEASUREMENT);
        start();
        device.lose("gone");
        device.lose("gone again");
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(states()).containsExactly(DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.ONLINE);
        assertThat(scheduler.requestedDelays()).hasSize(1);
    }

    @Test
    void aDeviceWithoutHealthCharacteristicsIsAnErrorAndNotLeftConnected() {
        device.with(GattUuids.BATTERY_LEVEL);
        start();
        assertThat(states()).containsExactly(DeviceState.ERROR);
        assertThat(seen(DeviceStatus.class).get(0).detail())
                .isEqualTo("no supported health characteristic on this device");
        assertThat(device.connected()).isFalse();
        assertThat(scheduler.requestedDelays()).containsExactly(Backoff.DEFAULT.initial());
    }

    @Test
    void aTransportBugCostsOneAttemptNotTheRetryLoop() {
        device.with(GattUuids.HEART_RATE_MEASUREMENT);
        GattTransport broken = new GattTransport() {
            private int calls;

            @Override
            public java.util.List<Advertisement> scan(Duration duration) {
                return java.util.List.of();
            }

            @Override
            public GattConnection connect(String address, GattConnection.Listener listener)
                    throws GattException {
                if (calls++ == 0) {
                    throw new IllegalStateException("transport bug");
                }
                return device.connect(address, listener);
            }

            @Override
            public void close() {
            }
        };
        driver = new BleDeviceDriver(BleDeviceConfig.of(CUFF, ADDRESS), broken, clock, scheduler);
        driver.start(seen::add);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(states()).containsExactly(DeviceState.OFFLINE, DeviceState.ONLINE);
    }

    @Test
    void aRefusedClockWriteDoesNotStopReadings() {
        device.with(GattUuids.WEIGHT_MEASUREMENT, GattUuids.CURRENT_TIME);
        device.refuseTimeWrite = true;
        start();
        device.notify(GattUuids.WEIGHT_MEASUREMENT, FrameBuilder.flags(0).u16(14000).build());
        assertThat(seen(BodyWeight.class)).hasSize(1);
    }

    @Test
    void theScalesFeatureSetsTheWeightResolution() {
        device.with(GattUuids.WEIGHT_MEASUREMENT, GattUuids.WEIGHT_SCALE_FEATURE);
        device.readValues.put(GattUuids.WEIGHT_SCALE_FEATURE, new FrameBuilder().u32(3 << 3).build());
        start();
        device.notify(GattUuids.WEIGHT_MEASUREMENT, FrameBuilder.flags(0).u16(700).build());
        assertThat(seen(BodyWeight.class)).singleElement()
                .satisfies(w -> assertThat(w.weight()).isEqualTo(Quantity.of(70.0, Ucum.KG)));
    }

    @Test
    void closeDisconnectsAndStopsRetrying() {
        device.with(GattUuids.HEART_RATE_MEASUREMENT);
        start();
        device.lose("gone");
        driver.close();
        driver = null;
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(device.connected()).isFalse();
        assertThat(device.log).filteredOn(l -> l.startsWith("connect")).hasSize(1);
    }
}
