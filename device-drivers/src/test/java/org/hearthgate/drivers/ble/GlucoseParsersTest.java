package org.hearthgate.drivers.ble;

import org.hearthgate.contract.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.drivers.ble.TestClocks.CLOCK;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE_INSTANT;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE_TIME;
import static org.hearthgate.drivers.ble.TestClocks.NOW;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class GlucoseParsersTest {
    private final GlucoseMeasurementParser parser = new GlucoseMeasurementParser(CLOCK);
    private final GlucoseContextParser contextParser = new GlucoseContextParser();

    /**
     * Sequence 42; base time DEVICE_TIME, or DEVICE_TIME + 90 min with a -90 min offset; 95 mg/dL (95 x 10^-5
     * kg/L) or 5.3 mmol/L (53 x 10^-4 mol/L); capillary plasma (type 2) from a finger (location 1); battery low.
     */
    static byte[] frame(int flags) {
        FrameBuilder b = FrameBuilder.flags(flags).u16(42);
        if ((flags & 0x01) != 0) {
            b.dateTime(DEVICE_TIME.plusMinutes(90)).u16(-90);
        } else {
            b.dateTime(DEVICE_TIME);
        }
        if ((flags & 0x02) != 0) {
            if ((flags & 0x04) != 0) {
                b.sfloat(53, -4);
            } else {
                b.sfloat(95, -5);
            }
            b.u8(0x1 << 4 | 0x2);
        }
        if ((flags & 0x08) != 0) {
            b.u16(0x0001);
        }
        return b.build();
    }

    @Test
    void everyFlagCombinationDecodesItsFields() throws FrameException {
        for (int flags = 0; flags < 32; flags++) {
            Decoded.Readings r = (Decoded.Readings) parser.parse(DEVICE, frame(flags));
            assertThat(r.contextFollows()).as("flags %02X", flags).isEqualTo((flags & 0x10) != 0);
            if ((flags & 0x02) == 0) {
                assertThat(r.observations()).isEmpty();
                assertThat(r.notes()).contains("record 42 carries no concentration; nothing to forward");
                continue;
            }
            BloodGlucose g = (BloodGlucose) r.observations().get(0);
            assertThat(g.sequence()).isEqualTo(42);
            assertThat(g.at()).isEqualTo(DEVICE_INSTANT);
            assertThat(g.concentration()).isEqualTo((flags & 0x04) != 0
                    ? Quantity.of(5.3, Ucum.MMOL_PER_L) : Quantity.of(95, Ucum.MG_PER_DL));
            assertThat(g.sampleType()).isEqualTo("capillary-plasma");
            assertThat(g.sampleLocation()).isEqualTo("finger");
            assertThat(g.meal()).isNull();
            assertThat(g.quality()).isEqualTo((flags & 0x08) != 0
                    ? java.util.Set.of(Quality.DEVICE_BATTERY_LOW) : java.util.Set.of());
            assertThat(r.key()).hasValueSatisfying(k -> {
                assertThat(k.sequence()).isEqualTo(42);
                assertThat(k.deviceTime()).isEqualTo(DEVICE_TIME);
            });
        }
    }

    @Test
    void typeIsTheLowNibbleAndSampleLocationTheHighNibble() throws FrameException {
        // 0x4A: high nibble 4 = control solution location, low nibble 0xA = control solution type;
        // 0x19: location 1 finger, type 9 interstitial fluid. Swapping the nibbles would read 9 as a reserved
        // location and 1 as capillary whole blood.
        byte[] f = FrameBuilder.flags(0x02).u16(1).dateTime(DEVICE_TIME).sfloat(95, -5).u8(0x19).build();
        BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(DEVICE, f)).observations().get(0);
        assertThat(g.sampleType()).isEqualTo("interstitial-fluid");
        assertThat(g.sampleLocation()).isEqualTo("finger");
    }

    @ParameterizedTest
    @CsvSource({"1, capillary-whole-blood", "2, capillary-plasma", "3, venous-whole-blood", "4, venous-plasma",
        "5, arterial-whole-blood", "6, arterial-plasma", "7, undetermined-whole-blood", "8, undetermined-plasma",
        "9, interstitial-fluid", "10, control-solution"})
    void namesEveryType(int code, String type) throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).u16(1).dateTime(DEVICE_TIME).sfloat(95, -5).u8(0xF0 | code).build();
        BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(DEVICE, f)).observations().get(0);
        assertThat(g.sampleType()).isEqualTo(type);
        assertThat(g.sampleLocation()).as("location 0xF is 'not available'").isNull();
        assertThat(g.quality()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1, finger", "2, alternate-site-test", "3, earlobe", "4, control-solution"})
    void namesEverySampleLocation(int code, String location) throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).u16(1).dateTime(DEVICE_TIME).sfloat(95, -5).u8(code << 4 | 1).build();
        BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(DEVICE, f)).observations().get(0);
        assertThat(g.sampleLocation()).isEqualTo(location);
    }

    @Test
    void reservedTypeAndLocationAreLeftOutAndFlagged() throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).u16(1).dateTime(DEVICE_TIME).sfloat(95, -5).u8(0x5B).build();
        BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(DEVICE, f)).observations().get(0);
        assertThat(g.sampleType()).isNull();
        assertThat(g.sampleLocation()).isNull();
        assertThat(g.quality()).containsExactly(Quality.OPTIONAL_VALUE_UNAVAILABLE);
    }

    @Test
    void mapsEverySensorStatusBit() throws FrameException {
        Quality[] expected = {Quality.DEVICE_BATTERY_LOW, Quality.SENSOR_MALFUNCTION,
            Quality.SAMPLE_SIZE_INSUFFICIENT, Quality.STRIP_INSERTION_ERROR, Quality.STRIP_TYPE_INCORRECT,
            Quality.RESULT_ABOVE_RANGE, Quality.RESULT_BELOW_RANGE, Quality.TEMPERATURE_TOO_HIGH,
            Quality.TEMPERATURE_TOO_LOW, Quality.READ_INTERRUPTED, Quality.GENERAL_DEVICE_FAULT, Quality.TIME_FAULT};
        for (int bit = 0; bit < 16; bit++) {
            byte[] f = FrameBuilder.flags(0x0A).u16(1).dateTime(DEVICE_TIME).sfloat(95, -5).u8(0x11)
                    .u16(1 << bit).build();
            BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(DEVICE, f)).observations().get(0);
            if (bit < 12) {
                assertThat(g.quality()).as("bit %d", bit).containsExactly(expected[bit]);
            } else {
                assertThat(g.quality()).as("reserved bit %d", bit).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialConcentrationRejectsTheFrame(Ieee11073.Special special) {
        byte[] f = FrameBuilder.flags(0x02).u16(1).dateTime(DEVICE_TIME).sfloat(special).u8(0x11).build();
        assertThatThrownBy(() -> parser.parse(DEVICE, f))
                .hasMessage("0x2A18 glucose concentration at offset 10: is " + special + ", a number is required");
    }

    @Test
    void anUnknownBaseTimeUsesTheReceiveTime() throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).u16(1).bytes(0, 0, 0, 0, 0, 0, 0).sfloat(95, -5).u8(0x11).build();
        Decoded.Readings r = (Decoded.Readings) parser.parse(DEVICE, f);
        BloodGlucose g = (BloodGlucose) r.observations().get(0);
        assertThat(g.at()).isEqualTo(NOW);
        assertThat(g.quality()).containsExactly(Quality.DEVICE_CLOCK_NOT_SET);
        assertThat(r.key()).hasValueSatisfying(k -> assertThat(k.deviceTime()).isNull());
    }

    @Test
    void contextDecodesEveryFlagCombinationAndKeepsTheMeal() throws FrameException {
        for (int flags = 0; flags < 256; flags++) {
            FrameBuilder b = FrameBuilder.flags(flags).u16(42);
            if ((flags & 0x80) != 0) {
                b.u8(0);
            }
            if ((flags & 0x01) != 0) {
                b.u8(1).sfloat(50, -3);
            }
            if ((flags & 0x02) != 0) {
                b.u8(3);
            }
            if ((flags & 0x04) != 0) {
                b.u8(0x21);
            }
            if ((flags & 0x08) != 0) {
                b.u16(1800).u8(60);
            }
            if ((flags & 0x10) != 0) {
                b.u8(1).sfloat(10, -6);
            }
            if ((flags & 0x40) != 0) {
                b.sfloat(65, -1);
            }
            byte[] full = b.build();
            int f = flags;
            Decoded.GlucoseContext c = (Decoded.GlucoseContext) contextParser.parse(DEVICE, full);
            assertThat(c.sequence()).isEqualTo(42);
            assertThat(c.meal()).isEqualTo((flags & 0x02) != 0 ? Optional.of("fasting") : Optional.empty());
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThatThrownBy(() -> contextParser.parse(DEVICE, cut)).as("flags %02X len %d", f, len)
                        .isInstanceOf(FrameException.class).hasMessageContaining("expected");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, preprandial", "2, postprandial", "3, fasting", "4, casual", "5, bedtime"})
    void namesEveryMeal(int code, String meal) throws FrameException {
        byte[] f = FrameBuilder.flags(0x02).u16(7).u8(code).build();
        assertThat(((Decoded.GlucoseContext) contextParser.parse(DEVICE, f)).meal()).contains(meal);
    }

    @Test
    void joinerAttachesTheMealOfTheMatchingContext() throws FrameException {
        GlucoseJoiner joiner = new GlucoseJoiner(CLOCK);
        Decoded.Readings r = (Decoded.Readings) parser.parse(DEVICE, frame(0x12));
        BloodGlucose g = (BloodGlucose) r.observations().get(0);
        assertThat(joiner.measurement(g, r.contextFollows())).isEmpty();
        List<BloodGlucose> joined = joiner.context(new Decoded.GlucoseContext(42, Optional.of("bedtime"), List.of()));
        assertThat(joined).singleElement().satisfies(j -> {
            assertThat(j.meal()).isEqualTo("bedtime");
            assertThat(j.concentration()).isEqualTo(g.concentration());
        });
        assertThat(joiner.holding()).isFalse();
    }

    @Test
    void joinerNeverLosesAMeasurementWhoseContextDoesNotCome() throws FrameException {
        ManualClock clock = new ManualClock(NOW, TestClocks.ZONE);
        GlucoseJoiner joiner = new GlucoseJoiner(clock);
        BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(DEVICE, frame(0x12))).observations().get(0);
        joiner.measurement(g, true);
        assertThat(joiner.context(new Decoded.GlucoseContext(41, Optional.of("casual"), List.of()))).isEmpty();
        assertThat(joiner.expire()).isEmpty();
        clock.advance(GlucoseJoiner.CONTEXT_WAIT);
        assertThat(joiner.expire()).containsExactly(g);

        joiner.measurement(g, true);
        assertThat(joiner.measurement(g, false)).containsExactly(g, g);
        joiner.measurement(g, true);
        assertThat(joiner.flush()).containsExactly(g);
        assertThat(joiner.flush()).isEmpty();
    }

    @Test
    void everyTruncationIsRejected() {
        for (int flags = 0; flags < 32; flags++) {
            byte[] full = frame(flags);
            for (int len = 0; len < full.length; len++) {
                byte[] cut = Arrays.copyOf(full, len);
                assertThatThrownBy(() -> parser.parse(DEVICE, cut)).as("flags %02X len %d", flags, len)
                        .isInstanceOf(FrameException.class).hasMessageContaining("expected");
            }
        }
    }
}
