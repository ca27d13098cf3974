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
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BloodPressureParserTest {
    private final BloodPressureParser parser = BloodPressureParser.measurement(CLOCK);

    /** A frame for the flags: 120/80 (MAP 93) mmHg or 16.0/10.7 (12.4) kPa, pulse 72, user 3, the status given. */
    static byte[] frame(int flags, int status) {
        FrameBuilder b = (flags & 0x01) != 0
                ? FrameBuilder.flags(flags).sfloat(160, -1).sfloat(107, -1).sfloat(124, -1)
                : FrameBuilder.flags(flags).sfloat(120, 0).sfloat(80, 0).sfloat(93, 0);
        if ((flags & 0x02) != 0) {
            b.dateTime(DEVICE_TIME);
        }
        if ((flags & 0x04) != 0) {
            b.sfloat(72, 0);
        }
        if ((flags & 0x08) != 0) {
            b.u8(3);
        }
        if ((flags & 0x10) != 0) {
            b.u16(status);
        }
        return b.build();
    }

    private BloodPressure decode(byte[] frame) throws FrameException {
        Decoded d = parser.parse(DEVICE, frame);
        assertThat(d).isInstanceOf(Decoded.Readings.class);
        return (BloodPressure) ((Decoded.Readings) d).observations().get(0);
    }

    @Test
    void everyFlagCombinationDecodesItsFields() throws FrameException {
        for (int flags = 0; flags < 32; flags++) {
            BloodPressure bp = decode(frame(flags, 0x0001));
            boolean kpa = (flags & 1) != 0;
            Ucum unit = kpa ? Ucum.KPA : Ucum.MM_HG;
            assertThat(bp.systolic()).as("flags %02X", flags).isEqualTo(Quantity.of(kpa ? 16.0 : 120, unit));
            assertThat(bp.diastolic()).isEqualTo(Quantity.of(kpa ? 10.7 : 80, unit));
            assertThat(bp.mean()).isEqualTo(Quantity.of(kpa ? 12.4 : 93, unit));
            assertThat(bp.at()).isEqualTo((flags & 0x02) != 0 ? DEVICE_INSTANT : NOW);
            assertThat(bp.pulse()).isEqualTo((flags & 0x04) != 0 ? Quantity.of(72, Ucum.PER_MIN) : null);
            assertThat(bp.user()).isEqualTo((flags & 0x08) != 0 ? 3 : null);
            assertThat(bp.quality()).isEqualTo((flags & 0x10) != 0 ? Set.of(Quality.BODY_MOVEMENT) : Set.of());
        }
    }

    @Test
    void decodesAnSfloatWithExponentInKpa() throws FrameException {
        byte[] f = FrameBuilder.flags(0x01).sfloat(160, -1).sfloat(107, -1).sfloat(125, -1).build();
        BloodPressure bp = decode(f);
        assertThat(bp.systolic()).isEqualTo(Quantity.of(16.0, Ucum.KPA));
        assertThat(bp.diastolic()).isEqualTo(Quantity.of(10.7, Ucum.KPA));
    }

    @Test
    void mapsEachMeasurementStatusBitToItsFlag() throws FrameException {
        Quality[] expected = {Quality.BODY_MOVEMENT, Quality.CUFF_LOOSE, Quality.IRREGULAR_PULSE,
            Quality.PULSE_ABOVE_RANGE, Quality.PULSE_BELOW_RANGE, Quality.IMPROPER_POSITION};
        for (int bit = 0; bit < 6; bit++) {
            assertThat(decode(frame(0x10, 1 << bit)).quality()).as("bit %d", bit).containsExactly(expected[bit]);
        }
        assertThat(decode(frame(0x10, 0x3F)).quality()).isEqualTo(EnumSet.of(Quality.BODY_MOVEMENT,
                Quality.CUFF_LOOSE, Quality.IRREGULAR_PULSE, Quality.IMPROPER_POSITION));
    }

    @Test
    void reservedPulseRangeValueIsNotedNotGuessed() throws FrameException {
        Decoded.Readings r = (Decoded.Readings) parser.parse(DEVICE, frame(0x10, 0x18));
        assertThat(((BloodPressure) r.observations().get(0)).quality()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.contains("pulse range detection 0b11 is reserved"));
    }

    @Test
    void unknownUserIsNoUser() throws FrameException {
        byte[] f = FrameBuilder.flags(0x08).sfloat(120, 0).sfloat(80, 0).sfloat(93, 0).u8(0xFF).build();
        assertThat(decode(f).user()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialSystolicOrDiastolicRejectsTheFrame(Ieee11073.Special special) {
        byte[] sys = FrameBuilder.flags(0).sfloat(special).sfloat(80, 0).sfloat(93, 0).build();
        byte[] dia = FrameBuilder.flags(0).sfloat(120, 0).sfloat(special).sfloat(93, 0).build();
        assertThatThrownBy(() -> parser.parse(DEVICE, sys)).isInstanceOf(FrameException.class)
                .hasMessage("0x2A35 systolic at offset 1: is " + special + ", a number is required");
        assertThatThrownBy(() -> parser.parse(DEVICE, dia)).isInstanceOf(FrameException.class)
                .hasMessage("0x2A35 diastolic at offset 3: is " + special + ", a number is required");
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialMeanOrPulseIsDroppedAndFlagged(Ieee11073.Special special) throws FrameException {
        byte[] f = FrameBuilder.flags(0x04).sfloat(120, 0).sfloat(80, 0).sfloat(special).sfloat(special).build();
        Decoded.Readings r = (Decoded.Readings) parser.parse(DEVICE, f);
        BloodPressure bp = (BloodPressure) r.observations().get(0);
        assertThat(bp.mean()).isNull();
        assertThat(bp.pulse()).isNull();
        assertThat(bp.systolic().value()).isEqualTo(120);
        assertThat(bp.quality()).containsExactly(Quality.OPTIONAL_VALUE_UNAVAILABLE);
        assertThat(r.notes()).containsExactly(
                "mean arterial pressure at offset 5 is " + special + "; left out",
                "pulse rate at offset 7 is " + special + "; left out");
    }

    @Test
    void anImplausibleSystolicIsRejectedWithoutEchoingTheValue() {
        byte[] f = FrameBuilder.flags(0).sfloat(1200, 1).sfloat(80, 0).sfloat(93, 0).build();
        assertThatThrownBy(() -> parser.parse(DEVICE, f))
                .hasMessage("0x2A35 systolic at offset 1: outside the plausible range 0..400 mm[Hg]")
                .hasMessageNotContaining("12000");
    }

    @Test
    void everyTruncationIsRejectedWithTheMissingField() {
        for (int flags = 0; flags < 32; flags++) {
            byte[] full = frame(flags, 0);
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThatThrownBy(() -> parser.parse(DEVICE, cut)).as("flags %02X len %d", flags, len)
                        .isInstanceOf(FrameException.class)
                        .hasMessageMatching("0x2A35 .+ at offset \\d+: expected \\d+ bytes?, \\d+ left \\(frame is "
                                + len + " bytes\\)");
            }
        }
    }

    @Test
    void bytesBeyondTheAnnouncedFieldsAreRejected() {
        byte[] f = Arrays.copyOf(frame(0x00, 0), 8);
        assertThatThrownBy(() -> parser.parse(DEVICE, f))
                .hasMessage("0x2A35 end of frame at offset 7: "
                        + "1 unexpected byte after the last field the flags announce");
    }

    @Test
    void aStampedRecordHasAReplayKeyAndALiveOneHasNone() throws FrameException {
        Decoded.Readings stamped = (Decoded.Readings) parser.parse(DEVICE, frame(0x0A, 0));
        assertThat(stamped.key()).hasValueSatisfying(k -> {
            assertThat(k.deviceTime()).isEqualTo(DEVICE_TIME);
            assertThat(k.user()).isEqualTo(3);
        });
        assertThat(((Decoded.Readings) parser.parse(DEVICE, frame(0x00, 0))).key()).isEmpty();
    }

    @Test
    void anUnknownDeviceDateFallsBackToReceiveTimeAndSaysSo() throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).sfloat(120, 0).sfloat(80, 0).sfloat(93, 0)
                .bytes(0, 0, 0, 0, 10, 0, 0).build();
        BloodPressure bp = decode(f);
        assertThat(bp.at()).isEqualTo(NOW);
        assertThat(bp.quality()).containsExactly(Quality.DEVICE_CLOCK_NOT_SET);
    }

    @Test
    void aDeviceStampInTheFutureIsNotBelieved() throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).sfloat(120, 0).sfloat(80, 0).sfloat(93, 0)
                .dateTime(DEVICE_TIME.plusHours(2)).build();
        BloodPressure bp = decode(f);
        assertThat(bp.at()).isEqualTo(NOW);
        assertThat(bp.quality()).containsExactly(Quality.DEVICE_CLOCK_NOT_SET);
    }

    @Test
    void intermediateCuffPressureIsProgressNotAReading() throws FrameException {
        BloodPressureParser icp = BloodPressureParser.intermediateCuffPressure(CLOCK);
        byte[] f = FrameBuilder.flags(0x10).sfloat(145, 0).sfloat(Ieee11073.Special.NAN)
                .sfloat(Ieee11073.Special.NAN).u16(0x0001).build();
        Decoded d = icp.parse(DEVICE, f);
        assertThat(d).isEqualTo(new Decoded.CuffProgress(NOW, Quantity.of(145, Ucum.MM_HG),
                Set.of(Quality.BODY_MOVEMENT), java.util.List.of()));
        assertThat(icp.characteristic()).isEqualTo(0x2A36);
    }

    @Test
    void intermediateCuffPressureWithoutAPressureIsRejected() {
        BloodPressureParser icp = BloodPressureParser.intermediateCuffPressure(CLOCK);
        byte[] f = FrameBuilder.flags(0).sfloat(Ieee11073.Special.NAN).sfloat(Ieee11073.Special.NAN)
                .sfloat(Ieee11073.Special.NAN).build();
        assertThatThrownBy(() -> icp.parse(DEVICE, f))
                .hasMessage("0x2A36 cuff pressure at offset 1: is NaN, a number is required");
    }
}
