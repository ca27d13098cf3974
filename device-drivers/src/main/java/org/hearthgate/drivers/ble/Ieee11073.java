package org.hearthgate.drivers.ble;

import java.math.BigDecimal;

/**
 * IEEE 11073-20601 medical floats as Bluetooth health profiles carry them: SFLOAT (16 bits: 4-bit signed exponent,
 * 12-bit signed mantissa) and FLOAT (32 bits: 8-bit signed exponent, 24-bit signed mantissa); value = mantissa x
 * 10^exponent.
 *
 * <p>Special values are recognised on the <em>raw</em> mantissa, before sign extension: after sign extension NRes
 * (0x800) and -INF (0x802) look like the ordinary numbers -2048 and -2046. We treat a special mantissa as special
 * whatever the exponent: 11073 defines them with exponent 0, so a non-zero exponent there is a device bug, and
 * turning such a value into a number is exactly the mistake a special value exists to prevent.
 */
public final class Ieee11073 {
    private Ieee11073() {
    }

    /** A decoded medical float: either a finite number or one of the special values. */
    public sealed interface Value permits Finite, Special {
    }

    /** A finite value; {@code value} is computed exactly through BigDecimal so 0.1-steps stay exact in decimal. */
    public record Finite(int mantissa, int exponent, double value) implements Value {
        @Override
        public String toString() {
            return BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).toPlainString();
        }
    }

    /** The reserved values of 11073-20601; none of them is a number. */
    public enum Special implements Value {
        NAN("NaN"), NRES("NRes (not at this resolution)"), POSITIVE_INFINITY("+INF"), NEGATIVE_INFINITY("-INF"),
        RESERVED("a reserved value");

        private final String text;

        Special(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Decodes a 16-bit SFLOAT given as an unsigned value 0..0xFFFF. */
    public static Value sfloat(int raw) {
        int mantissa = raw & 0x0FFF;
        switch (mantissa) {
            case 0x07FF: return Special.NAN;
            case 0x0800: return Special.NRES;
            case 0x07FE: return Special.POSITIVE_INFINITY;
            case 0x0802: return Special.NEGATIVE_INFINITY;
            case 0x0801: return Special.RESERVED;
            default: break;
        }
        int signedMantissa = (mantissa << 20) >> 20;
        int exponent = ((raw & 0xF000) << 16) >> 28;
        return finite(signedMantissa, exponent);
    }

    /** Decodes a 32-bit FLOAT given as the raw 32 bits. */
    public static Value float32(int raw) {
        int mantissa = raw & 0x00FF_FFFF;
        switch (mantissa) {
            case 0x7F_FFFF: return Special.NAN;
            case 0x80_0000: return Special.NRES;
            case 0x7F_FFFE: return Special.POSITIVE_INFINITY;
            case 0x80_0002: return Special.NEGATIVE_INFINITY;
            case 0x80_0001: return Special.RESERVED;
            default: break;
        }
        int signedMantissa = (mantissa << 8) >> 8;
        int exponent = raw >> 24;
        return finite(signedMantissa, exponent);
    }

    private static Finite finite(int mantissa, int exponent) {
        return new Finite(mantissa, exponent,
                BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).doubleValue());
    }

    /**
     * Encodes an SFLOAT. The mantissa must be a number (-2045..2045, since the five values around +-2047 are the
     * specials) and the exponent -8..7.
     */
    public static int encodeSfloat(int mantissa, int exponent) {
        if (mantissa < -2045 || mantissa > 2045) {
            throw new IllegalArgumentException("SFLOAT mantissa " + mantissa + " is outside -2045..2045");
        }
        if (exponent < -8 || exponent > 7) {
            throw new IllegalArgumentException("SFLOAT exponent " + exponent + " is outside -8..7");
        }
        return (exponent & 0xF) << 12 | (mantissa & 0x0FFF);
    }

    /** The raw SFLOAT for a special value (exponent 0, as 11073 defines them). */
    public static int encodeSfloat(Special special) {
        return switch (special) {
            case NAN -> 0x07FF;
            case NRES -> 0x0800;
            case POSITIVE_INFINITY -> 0x07FE;
            case NEGATIVE_INFINITY -> 0x0802;
            case RESERVED -> 0x0801;
        };
    }

    /** Encodes a FLOAT; mantissa -8388605..8388605, exponent -128..127. */
    public static int encodeFloat(int mantissa, int exponent) {
        if (mantissa < -8_388_605 || mantissa > 8_388_605) {
            throw new IllegalArgumentException("FLOAT mantissa " + mantissa + " is outside -8388605..8388605");
        }
        if (exponent < -128 || exponent > 127) {
            throw new IllegalArgumentException("FLOAT exponent " + exponent + " is outside -128..127");
        }
        return exponent << 24 | (mantissa & 0x00FF_FFFF);
    }

    /** The raw FLOAT for a special value (exponent 0). */
    public static int encodeFloat(Special special) {
        return switch (special) {
            case NAN -> 0x007F_FFFF;
            case NRES -> 0x0080_0000;
            case POSITIVE_INFINITY -> 0x007F_FFFE;
            case NEGATIVE_INFINITY -> 0x0080_0002;
            case RESERVED -> 0x0080_0001;
        };
    }
}
