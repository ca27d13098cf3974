package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hearthgate.drivers.ble.TestClocks.CLOCK;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE_INSTANT;
import static org.hearthgate.drivers.ble.TestClocks.DEVICE_TIME;
import static org.hearthgate.drivers.ble.TestClocks.NOW;

import java.util.Arrays;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TemperatureAndWeightParserTest {
    private final TemperatureParser thermometer = new TemperatureParser(CLOCK);
    private final WeightParser scale = new WeightParser(CLOCK, WeightScaleFeature.DEFAULT);

    static byte[] temperatureFrame(int flags) {
        FrameBuilder b = FrameBuilder.flags(flags);
        if ((flags & 0x01) != 0) {
            b.float32(986, -1);
        } else {
            b.float32(370, -1);
        }
        if ((flags & 0x02) != 0) {
            b.dateTime(DEVICE_TIME);
        }
        if ((flags & 0x04) != 0) {
            b.u8(9);
        }
        return b.build();
    }

    /** 70.0 kg (14000 x 0.005) or 154.32 lb (15432 x 0.01), user 2, BMI 24.2, height 1.70 m / 67.0 in. */
    static byte[] weightFrame(int flags) {
        boolean imperial = (flags & 0x01) != 0;
        FrameBuilder b = FrameBuilder.flags(flags).u16(imperial ? 15432 : 14000);
        if ((flags & 0x02) != 0) {
            b.dateTime(DEVICE_TIME);
        }
        if ((flags & 0x04) != 0) {
            b.u8(2);
        }
        if ((flags & 0x08) != 0) {
            b.u16(242).u16(imperial ? 670 : 1700);
        }
        return b.build();
    }

    private BodyTemperature temperature(byte[] f) throws FrameException {
        return (BodyTemperature) ((Decoded.Readings) thermometer.parse(DEVICE, f)).observations().get(0);
    }

    private BodyWeight weight(WeightParser parser, byte[] f) throws FrameException {
        return (BodyWeight) ((Decoded.Readings) parser.parse(DEVICE, f)).observations().get(0);
    }

    @Test
    void thermometerDecodesEveryFlagCombination() throws FrameException {
        for (int flags = 0; flags < 8; flags++) {
            BodyTemperature t = temperature(temperatureFrame(flags));
            assertThat(t.temperature()).as("flags %02X", flags).isEqualTo((flags & 1) != 0
                    ? Quantity.of(98.6, Ucum.DEG_F) : Quantity.of(37.0, Ucum.CEL));
            assertThat(t.at()).isEqualTo((flags & 0x02) != 0 ? DEVICE_INSTANT : NOW);
            assertThat(t.site()).isEqualTo((flags & 0x04) != 0 ? "tympanum" : null);
            assertThat(t.quality()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"1, armpit", "2, body", "3, ear", "4, finger", "5, gastro-intestinal-tract", "6, mouth",
        "7, rectum", "8, toe", "9, tympanum"})
    void namesEveryMeasurementSite(int code, String site) throws FrameException {
        assertThat(temperature(FrameBuilder.flags(0x04).float32(365, -1).u8(code).build()).site()).isEqualTo(site);
    }

    @ParameterizedTest
    @CsvSource({"0", "10", "255"})
    void aReservedSiteIsLeftOutAndFlagged(int code) throws FrameException {
        BodyTemperature t = temperature(FrameBuilder.flags(0x04).float32(365, -1).u8(code).build());
        assertThat(t.site()).isNull();
        assertThat(t.quality()).containsExactly(Quality.OPTIONAL_VALUE_UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(Ieee11073.Special.class)
    void aSpecialTemperatureRejectsTheFrame(Ieee11073.Special special) {
        byte[] f = FrameBuilder.flags(0).float32(special).build();
        assertThatThrownBy(() -> thermometer.parse(DEVICE, f))
                .hasMessage("0x2A1C temperature at offset 1: is " + special + ", a number is required");
    }

    @Test
    void anImplausibleTemperatureIsRejected() {
        byte[] f = FrameBuilder.flags(0).float32(370, 0).build();
        assertThatThrownBy(() -> thermometer.parse(DEVICE, f))
                .hasMessage("0x2A1C temperature at offset 1: outside the plausible range 10..50 Cel");
    }

    @Test
    void scaleDecodesEveryFlagCombinationAtDefaultResolution() throws FrameException {
        for (int flags = 0; flags < 16; flags++) {
            boolean imperial = (flags & 1) != 0;
            BodyWeight w = weight(scale, weightFrame(flags));
            assertThat(w.weight()).as("flags %02X", flags)
                    .isEqualTo(imperial ? Quantity.of(154.32, Ucum.LB) : Quantity.of(70.0, Ucum.KG));
            assertThat(w.at()).isEqualTo((flags & 0x02) != 0 ? DEVICE_INSTANT : NOW);
            assertThat(w.user()).isEqualTo((flags & 0x04) != 0 ? 2 : null);
            if ((flags & 0x08) != 0) {
                assertThat(w.bmi()).isEqualTo(Quantity.of(24.2, Ucum.KG_PER_M2));
                assertThat(w.height()).isEqualTo(imperial ? Quantity.of(67.0, Ucum.IN) : Quantity.of(1.7, Ucum.M));
            } else {
                assertThat(w.bmi()).isNull();
                assertThat(w.height()).isNull();
            }
            assertThat(w.quality()).isEmpty();
        }
    }

    @Test
    void theFeatureCharacteristicSetsTheResolution() throws FrameException {
        // weight resolution 4 (0.05 kg | 0.1 lb) in bits 3-6, height resolution 1 (0.01 m | 1 in) in bits 7-9.
        WeightScaleFeature feature = WeightScaleFeature.parse(new FrameBuilder().u32(0x07 | 4 << 3 | 1 << 7).build());
        assertThat(feature).isEqualTo(new WeightScaleFeature(true, true, true, 4, 1));
        WeightParser coarse = new WeightParser(CLOCK, feature);
        BodyWeight kg = weight(coarse, FrameBuilder.flags(0x08).u16(1400).u16(242).u16(170).build());
        assertThat(kg.weight()).isEqualTo(Quantity.of(70.0, Ucum.KG));
        assertThat(kg.height()).isEqualTo(Quantity.of(1.7, Ucum.M));
        BodyWeight lb = weight(coarse, FrameBuilder.flags(0x09).u16(1543).u16(242).u16(67).build());
        assertThat(lb.weight()).isEqualTo(Quantity.of(154.3, Ucum.LB));
        assertThat(lb.height()).isEqualTo(Quantity.of(67, Ucum.IN));
    }

    @Test
    void aReservedResolutionCodeInTheFeatureIsRejected() {
        byte[] f = new FrameBuilder().u32(8L << 3).build();
        assertThatThrownBy(() -> WeightScaleFeature.parse(f))
                .hasMessage("0x2A9E weight measurement resolution at offset 0: code 8 is reserved");
    }

    @Test
    void anUnsuccessfulWeighingIsRejected() {
        byte[] f = FrameBuilder.flags(0).u16(0xFFFF).build();
        assertThatThrownBy(() -> scale.parse(DEVICE, f))
                .hasMessage("0x2A9D weight at offset 1: the scale reports the measurement was unsuccessful (0xFFFF)");
    }

    @Test
    void zeroBmiAndHeightMeanNotMeasured() throws FrameException {
        BodyWeight w = weight(scale, FrameBuilder.flags(0x08).u16(14000).u16(0).u16(0).build());
        assertThat(w.bmi()).isNull();
        assertThat(w.height()).isNull();
        assertThat(w.quality()).containsExactly(Quality.OPTIONAL_VALUE_UNAVAILABLE);
    }

    @Test
    void everyTruncationIsRejected() {
        for (int flags = 0; flags < 16; flags++) {
            for (var pair : new Object[][] {{thermometer, temperatureFrame(flags & 7)}, {scale, weightFrame(flags)}}) {
                CharacteristicParser p = (CharacteristicParser) pair[0];
                byte[] full = (byte[]) pair[1];
                for (int len = 0; len < full.length; len++) {
                    byte[] cut = Arrays.copyOf(full, len);
                    assertThatThrownBy(() -> p.parse(DEVICE, cut)).as("%s len %d", FrameBuilder.hex(full), len)
                            .isInstanceOf(FrameException.class).hasMessageContaining("expected");
                }
            }
        }
    }
}
