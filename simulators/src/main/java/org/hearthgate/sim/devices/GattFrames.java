package org.hearthgate.sim.devices;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.Set;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.drivers.ble.GattDateTime;

/**
 * Bluetooth health measurement values built byte by byte as a device sends them: the inverse of the hub's parsers
 * ({@code org.hearthgate.drivers.ble}). Layouts follow the same specifications the parsers cite (BLS 1.1.1, WSS 1.0,
 * PLXS 1.0.1, HTS 1.0, GLS 1.0.1). A {@code stamp} of null leaves the timestamp out, as a device without a clock does;
 * stored records always carry one, because that is how the hub tells a replayed record from a new one.
 */
public final class GattFrames {
    private GattFrames() {
    }

    /** Blood Pressure Measurement (0x2A35) in mmHg, whole numbers as cuffs report them. */
    public static byte[] bloodPressure(int systolic, int diastolic, int mean, Integer pulse, LocalDateTime stamp,
            Set<Quality> status) {
        int statusBits = (status.contains(Quality.BODY_MOVEMENT) ? 1 : 0)
                | (status.contains(Quality.CUFF_LOOSE) ? 1 << 1 : 0)
                | (status.contains(Quality.IRREGULAR_PULSE) ? 1 << 2 : 0)
                | (status.contains(Quality.IMPROPER_POSITION) ? 1 << 5 : 0);
        int flags = (stamp != null ? 0x02 : 0) | (pulse != null ? 0x04 : 0) | (statusBits != 0 ? 0x10 : 0);
        Frame f = new Frame().u8(flags).sfloat(systolic, 0).sfloat(diastolic, 0).sfloat(mean, 0).stamp(stamp);
        if (pulse != null) {
            f.sfloat(pulse, 0);
        }
        if (statusBits != 0) {
            f.u16(statusBits);
        }
        return f.bytes();
    }

    /** Weight Measurement (0x2A9D) in kg at the default resolution (0.005 kg): {@code kg} is rounded to it. */
    public static byte[] weight(double kg, LocalDateTime stamp) {
        int raw = BigDecimal.valueOf(kg).divide(BigDecimal.valueOf(0.005), 0, RoundingMode.HALF_EVEN).intValueExact();
        if (raw < 0 || raw >= 0xFFFF) {
            throw new IllegalArgumentException("weight " + kg + " kg does not fit the 16-bit field");
        }
        return new Frame().u8(stamp != null ? 0x02 : 0).u16(raw).stamp(stamp).bytes();
    }

    /** PLX Spot-Check Measurement (0x2A5E): SpO2 in %, pulse in /min, whole numbers. */
    public static byte[] plxSpotCheck(int spo2, int pulse, LocalDateTime stamp) {
        return new Frame().u8(stamp != null ? 0x01 : 0).sfloat(spo2, 0).sfloat(pulse, 0).stamp(stamp).bytes();
    }

    /** Temperature Measurement (0x2A1C) in °C to 0.01 °C (a FLOAT with exponent -2), measured in the ear. */
    public static byte[] temperature(double celsius, LocalDateTime stamp) {
        int mantissa = BigDecimal.valueOf(celsius).movePointRight(2).setScale(0, RoundingMode.HALF_EVEN)
                .intValueExact();
        return new Frame().u8((stamp != null ? 0x02 : 0) | 0x04).float32(mantissa, -2).stamp(stamp).u8(3).bytes();
    }

    /**
     * Glucose Measurement (0x2A18) in mmol/L to 0.1 (sent as mol/L, an SFLOAT with exponent -4), capillary whole
     * blood from a finger; {@code sequence} is the meter's record number (0..65535), {@code base} its record time.
     */
    public static byte[] glucose(int sequence, LocalDateTime base, double mmolPerL) {
        int mantissa = BigDecimal.valueOf(mmolPerL).movePointRight(1).setScale(0, RoundingMode.HALF_EVEN)
                .intValueExact();
        // b1 concentration present, b2 mol/L; type 1 (capillary whole blood) low nibble, location 1 (finger) high
        return new Frame().u8(0x02 | 0x04).u16(sequence).stamp(base).sfloat(mantissa, -4).u8(0x11).bytes();
    }

    /** A Record Access Control Point response code indication: {@code code} 1 success, 6 no records found. */
    public static byte[] racpResponse(int requestOpCode, int code) {
        return new byte[] {0x06, 0x00, (byte) requestOpCode, (byte) code};
    }

    /** Battery Level (0x2A19), 0..100 %. */
    public static byte[] batteryLevel(int percent) {
        return new byte[] {(byte) percent};
    }

    /** Little-endian writer for the value types GATT health profiles use. */
    private static final class Frame {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Frame u8(int v) {
            out.write(v & 0xFF);
            return this;
        }

        Frame u16(int v) {
            return u8(v).u8(v >> 8);
        }

        /** IEEE 11073 SFLOAT: 4-bit exponent, 12-bit mantissa; the mantissa must avoid the special values. */
        Frame sfloat(int mantissa, int exponent) {
            if (mantissa < -2046 || mantissa > 2045 || exponent < -8 || exponent > 7) {
                throw new IllegalArgumentException("SFLOAT " + mantissa + "e" + exponent + " is out of range");
            }
            return u16((exponent & 0xF) << 12 | mantissa & 0x0FFF);
        }

        /** IEEE 11073 FLOAT: 8-bit exponent, 24-bit mantissa. */
        Frame float32(int mantissa, int exponent) {
            if (mantissa < -8_388_606 || mantissa > 8_388_605) {
                throw new IllegalArgumentException("FLOAT mantissa " + mantissa + " is out of range");
            }
            int raw = (exponent & 0xFF) << 24 | mantissa & 0x00FF_FFFF;
            return u16(raw).u16(raw >>> 16);
        }

        Frame stamp(LocalDateTime t) {
            if (t != null) {
                byte[] b = new byte[GattDateTime.SIZE];
                GattDateTime.encode(t, b, 0);
                out.writeBytes(b);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
