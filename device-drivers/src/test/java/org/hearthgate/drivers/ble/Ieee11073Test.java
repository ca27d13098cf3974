package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ieee11073Test {

    @ParameterizedTest
    @CsvSource({
        "0x0078, 120",      // 120 x 10^0
        "0xF4E2, 125.0",    // mantissa 0x4E2 = 1250, exponent -1
        "0xFFFF, -0.1",     // mantissa -1, exponent -1
        "0x0FFF, -1",       // mantissa 0xFFF = -1 after sign extension, exponent 0
        "0x1001, 10",       // exponent +1
        "0x8001, 0.00000001", // exponent -8
        "0x07FD, 2045",     // largest ordinary mantissa
        "0x0803, -2045",    // smallest ordinary mantissa
        "0x0000, 0"})
    void decodesSfloatNumbers(String raw, String expected) {
        Ieee11073.Value v = Ieee11073.sfloat(Integer.decode(raw));
        assertThat(v).isInstanceOf(Ieee11073.Finite.class);
        assertThat(((Ieee11073.Finite) v).value()).isEqualTo(Double.parseDouble(expected));
    }

    @ParameterizedTest
    @CsvSource({"0x07FF, NAN", "0x0800, NRES", "0x07FE, POSITIVE_INFINITY", "0x0802, NEGATIVE_INFINITY",
        "0x0801, RESERVED"})
    void recognisesSfloatSpecialsOnTheRawMantissaForEveryExponent(String raw, Ieee11073.Special special) {
        for (int exponent = 0; exponent < 16; exponent++) {
            assertThat(Ieee11073.sfloat(exponent << 12 | Integer.decode(raw)))
                    .as("exponent nibble %d", exponent).isEqualTo(special);
        }
    }

    @Test
    void signExtensionWouldHaveHiddenNresAndNegativeInfinity() {
        // After sign extension 0x800 is -2048 and 0x802 is -2046: plausible-looking numbers. They must stay special.
        assertThat(Ieee11073.sfloat(0x0800)).isEqualTo(Ieee11073.Special.NRES);
        assertThat(Ieee11073.sfloat(0x0802)).isEqualTo(Ieee11073.Special.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @CsvSource({"0x007FFFFF, NAN", "0x00800000, NRES", "0x007FFFFE, POSITIVE_INFINITY",
        "0x00800002, NEGATIVE_INFINITY", "0x00800001, RESERVED", "0xFF7FFFFF, NAN", "0x02800000, NRES"})
    void recognisesFloatSpecials(String raw, Ieee11073.Special special) {
        assertThat(Ieee11073.float32(Long.decode(raw).intValue())).isEqualTo(special);
    }

    @ParameterizedTest
    @CsvSource({"0xFF00016C, 36.4", "0xFE000E42, 36.5", "0x00000025, 37", "0xFFFFFF9C, -10.0",
        "0x01000001, 10"})
    void decodesFloatNumbers(String raw, String expected) {
        Ieee11073.Value v = Ieee11073.float32(Long.decode(raw).intValue());
        assertThat(((Ieee11073.Finite) v).value()).isEqualTo(Double.parseDouble(expected));
    }

    @Test
    void everyOrdinarySfloatRoundTripsThroughTheEncoder() {
        for (int exponent = -8; exponent <= 7; exponent++) {
            for (int mantissa = -2045; mantissa <= 2045; mantissa++) {
                Ieee11073.Value v = Ieee11073.sfloat(Ieee11073.encodeSfloat(mantissa, exponent));
                assertThat(v).isEqualTo(new Ieee11073.Finite(mantissa, exponent,
                        java.math.BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).doubleValue()));
            }
        }
    }

    @Test
    void randomFloatsRoundTripThroughTheEncoder() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            int mantissa = random.nextInt(2 * 8_388_605 + 1) - 8_388_605;
            int exponent = random.nextInt(256) - 128;
            Ieee11073.Value v = Ieee11073.float32(Ieee11073.encodeFloat(mantissa, exponent));
            assertThat(v).as("seed %d: mantissa %d exponent %d", seed, mantissa, exponent)
                    .isInstanceOfSatisfying(Ieee11073.Finite.class, f -> {
                        assertThat(f.mantissa()).isEqualTo(mantissa);
                        assertThat(f.exponent()).isEqualTo(exponent);
                    });
        }
    }

    @Test
    void encoderRefusesMantissasThatWouldCollideWithSpecials() {
        assertThatThrownBy(() -> Ieee11073.encodeSfloat(2047, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ieee11073.encodeSfloat(-2048, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ieee11073.encodeSfloat(1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ieee11073.encodeFloat(8_388_607, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
