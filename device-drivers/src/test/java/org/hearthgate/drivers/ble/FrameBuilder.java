package org.hearthgate.drivers.ble;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;

/** Builds little-endian characteristic values for tests, field by field, the way a device would send them. */
final class FrameBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static FrameBuilder flags(int flags) {
        return new FrameBuilder().u8(flags);
    }

    FrameBuilder u8(int v) {
        out.write(v & 0xFF);
        return this;
    }

    FrameBuilder u16(int v) {
        return u8(v).u8(v >> 8);
    }

    FrameBuilder u24(int v) {
        return u16(v).u8(v >> 16);
    }

    FrameBuilder u32(long v) {
        return u16((int) v).u16((int) (v >> 16));
    }

    FrameBuilder sfloat(int mantissa, int exponent) {
        return u16(Ieee11073.encodeSfloat(mantissa, exponent));
    }

    FrameBuilder sfloat(Ieee11073.Special special) {
        return u16(Ieee11073.encodeSfloat(special));
    }

    FrameBuilder float32(int mantissa, int exponent) {
        return u32(Ieee11073.encodeFloat(mantissa, exponent) & 0xFFFF_FFFFL);
    }

    FrameBuilder float32(Ieee11073.Special special) {
        return u32(Ieee11073.encodeFloat(special) & 0xFFFF_FFFFL);
    }

    FrameBuilder dateTime(LocalDateTime t) {
        out.writeBytes(GattDateTime.encode(t));
        return this;
    }

    FrameBuilder bytes(int... b) {
        for (int v : b) {
            u8(v);
        }
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02X", x & 0xFF));
        }
        return s.toString();
    }
}
