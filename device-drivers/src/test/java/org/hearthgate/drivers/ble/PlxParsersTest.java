package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.drivers.ble.TestClocks.CLOCK;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE_INSTANT;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE_TIME;
import static org.hearthgate.drivers.ble.TestClocks.NOW;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PlxParsersTest {
    private final PlxSpotCheckParser spot = new PlxSpotCheckParser(CLOCK);
    private final PlxContinuousParser continuous = new PlxContinuousParser(CLOCK);

    /** Spot-check: SpO2 97, PR 64, measurement status VALIDATED (b7), sensor LOW_PERFUSION (b5), PAI 2.5. */
    static byte[] spotFrame(int flags) {
        FrameBuilder b = FrameBuilder.flags(flags).sfloat(97, 0).sfloat(64, 0);
        if ((flags & 0x01) != 0) {
            b.dateTime(DEVICE_TIME);
        }
        if ((flags & 0x02) != 0) {
            b.u16(1 << 7);
        }
        if ((flags & 0x04) != 0) {
            b.u24(1 << 5);
        }
        if ((flags & 0x08) != 0) {
            b.sfloat(25, -1);
        }
        return b.build();
    }

    /** Continuous: normal 96/70, fast 95/71, slow 97/69, status as for spot-check. */
    static byte[] continuousFrame(int flags) {
        FrameBuilder b = FrameBuilder.flags(flags).sfloat(96, 0).sfloat(70, 0);
        if ((flags & 0x01) != 0) {
            b.sfloat(95, 0).sfloat(71, 0);
        }
        if ((flags & 0x02) != 0) {
            b.sfloat(97, 0).sfloat(69, 0);
        }
        if ((flags & 0x04) != 0) {
            b.u16(1 << 7);
        }
        if ((flags & 0x08) != 0) {
            b.u24(1 << 5);
        }
        if ((flags & 0x10) != 0) {
            b.sfloat(25, -1);
        }
        return b.build();
    }

    private static Observation first(Decoded d) {
        return ((Decoded.Readings) d).observations().get(0);
    }

    @Test
    void spotCheckDecodesEveryFlagCombinationWithBitZeroAsTheTimestamp() throws FrameException {
        for (int flags = 0; flags < 32; flags++) {
            OxygenSaturation o = (OxygenSaturation) first(spot.parse(DEVICE, spotFrame(flags)));
            assertThat(o.spo2()).as("flags %02X", flags).isEqualTo(Quantity.of(97, Ucum.PERCENT));
            assertThat(o.pulseRate()).isEqualTo(Quantity.of(64, Ucum.PER_MIN));
            boolean clockNotSet = (flags & 0x10) != 0;
            assertThat(o.at()).isEqualTo((flags & 0x01) != 0 && !clockNotSet ? DEVICE_INSTANT : NOW);
            Set<Quality> expected = EnumSet.noneOf(Quality.class);
            if ((flags & 0x02) != 0) {
                expected.add(Quality.VALIDATED);
            }
            if ((flags & 0x04) != 0) {
                expected.add(Quality.LOW_PERFUSION);
            }
            if (clockNotSet) {
                expected.add(Quality.DEVICE_CLOCK_NOT_SET);
            }
            assertThat(o.quality()).isEqualTo(expected);
            assertThat(o.perfusionIndex()).isEqualTo((flags & 0x08) != 0 ? 2.5 : null);
        }
    }

    @Test
    void continuousDecodesEveryFlagCombinationAndForwardsTheNormalPair() throws FrameException {
        for (int flags = 0; flags < 32; flags++) {
            Decoded.Readings r = (Decoded.Readings) continuous.parse(DEVICE, continuousFrame(flags));
            assertThat(r.observations()).hasSize(1);
            OxygenSaturation o = (OxygenSaturation) r.observations().get(0);
            assertThat(o.spo2()).as("flags %02X", flags).isEqualTo(Quantity.of(96, Ucum.PERCENT));
            assertThat(o.pulseRate()).isEqualTo(Quantity.of(70, Ucum.PER_MIN));
            assertThat(o.at()).isEqualTo(NOW);
            Set<Quality> expected = EnumSet.noneOf(Quality.class);
            if ((flags & 0x04) != 0) {
                expected.add(Quality.VALIDATED);
            }
            if ((flags & 0x08) != 0) {
                expected.add(Quality.LOW_PERFUSION);
            }
            assertThat(o.quality()).isEqualTo(expected);
            assertThat(o.perfusionIndex()).isEqualTo((flags & 0x10) != 0 ? 2.5 : null);
            assertThat(r.key()).isEmpty();
        }
    }

    @Test
    void mapsEveryMeasurementStatusBit() throws FrameException {
        Quality[] expected = {Quality.MEASUREMENT_ONGOING, Quality.EARLY_ESTIMATE, Quality.VALIDATED,
            Quality.FULLY_QUALIFIED, Quality.FROM_STORAGE, Quality.DEMO_DATA, Quality.TESTING_DATA,
            Quality.CALIBRATION_ONGOING, Quality.MEASUREMENT_UNAVAILABLE, Quality.QUESTIONABLE, Quality.INVALID};
        for (int bit = 0; bit < 16; bit++) {
            byte[] f = FrameBuilder.flags(0x02).sfloat(97, 0).sfloat(64, 0).u16(1 << bit).build();
            Set<Quality> q = ((OxygenSaturation) first(spot.parse(DEVICE, f))).quality();
            if (bit < 5) {
                assertThat(q).as("reserved bit %d", bit).isEmpty();
            } else {
                assertThat(q).as("bit %d", bit).containsExactly(expected[bit - 5]);
            }
        }
    }

    @Test
    void mapsEveryDeviceAndSensorStatusBitAndIgnoresTheReservedByte() throws FrameException {
        for (int bit = 0; bit < 24; bit++) {
            byte[] f = FrameBuilder.flags(0x04).sfloat(97, 0).sfloat(64, 0).u24(1 << bit).build();
            Set<Quality> q = ((OxygenSaturation) first(spot.parse(DEVICE, f))).quality();
            if (bit < 16) {
                assertThat(q).as("bit %d", bit).containsExactly(PlxStatus.DEVICE_AND_SENSOR[bit]);
            } else {
                assertThat(q).as("reserved bit %d", bit).isEmpty();
            }
        }
        byte[] f = FrameBuilder.flags(0x04).sfloat(97, 0).sfloat(64, 0).u24(1 << 11).build();
        assertThat(((OxygenSaturation) first(spot.parse(DEVICE, f))).quality())
                .containsExactly(Quality.SENSOR_UNCONNECTED_TO_USER);
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialSpo2WithTheProbeOffTheFingerIsNotWorn(Ieee11073.Special special) throws FrameException {
        byte[] f = FrameBuilder.flags(0x04).sfloat(special).sfloat(special).u24(1 << 15).build();
        Observation o = first(spot.parse(DEVICE, f));
        assertThat(o).isEqualTo(new DeviceStatus(DEVICE, NOW, DeviceState.NOT_WORN,
                "oximeter reports the sensor is off the finger"));
        byte[] c = FrameBuilder.flags(0x08).sfloat(special).sfloat(special).u24(1 << 11).build();
        assertThat(first(continuous.parse(DEVICE, c))).isInstanceOf(DeviceStatus.class);
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialSpo2OtherwiseRejectsTheFrame(Ieee11073.Special special) {
        byte[] f = FrameBuilder.flags(0).sfloat(special).sfloat(64, 0).build();
        assertThatThrownBy(() -> spot.parse(DEVICE, f))
                .hasMessage("0x2A5E SpO2 at offset 1: is " + special + ", a number is required");
        assertThatThrownBy(() -> continuous.parse(DEVICE, f))
                .hasMessage("0x2A5F SpO2 (normal) at offset 1: is " + special + ", a number is required");
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialPulseRateOrPaiIsDroppedAndFlagged(Ieee11073.Special special) throws FrameException {
        byte[] f = FrameBuilder.flags(0x08).sfloat(97, 0).sfloat(special).sfloat(special).build();
        OxygenSaturation o = (OxygenSaturation) first(spot.parse(DEVICE, f));
        assertThat(o.pulseRate()).isNull();
        assertThat(o.perfusionIndex()).isNull();
        assertThat(o.quality()).containsExactly(Quality.OPTIONAL_VALUE_UNAVAILABLE);
    }

    @Test
    void anSpo2Above100IsRejected() {
        byte[] f = FrameBuilder.flags(0).sfloat(101, 0).sfloat(64, 0).build();
        assertThatThrownBy(() -> spot.parse(DEVICE, f))
                .hasMessage("0x2A5E SpO2 at offset 1: outside the plausible range 0..100 %");
    }

    @Test
    void aStampedSpotCheckHasAReplayKey() throws FrameException {
        Decoded.Readings r = (Decoded.Readings) spot.parse(DEVICE, spotFrame(0x01));
        assertThat(r.key()).hasValueSatisfying(k -> assertThat(k.deviceTime()).isEqualTo(DEVICE_TIME));
    }

    @Test
    void everyTruncationIsRejected() {
        for (int flags = 0; flags < 32; flags++) {
            assertEveryPrefixRejected(spot, spotFrame(flags));
            assertEveryPrefixRejected(continuous, continuousFrame(flags));
        }
    }

    private static void assertEveryPrefixRejected(CharacteristicParser parser, byte[] full) {
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> parser.parse(DEVICE, cut)).as("%s len %d", FrameBuilder.hex(full), len)
                    .isInstanceOf(FrameException.class).hasMessageContaining("expected");
        }
    }
}
