package org.hearthgate.drivers.ble;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A little-endian cursor over one characteristic value. Every read names its field so that a short frame is
 * rejected with the field, the offset and the number of bytes that were missing.
 */
final class FrameReader {
    private final String characteristic;
    private final byte[] frame;
    private int offset;

    FrameReader(String characteristic, byte[] frame) throws FrameException {
        this.characteristic = characteristic;
        if (frame == null) {
            throw new FrameException(characteristic + ": no value");
        }
        this.frame = frame;
    }

    int offset() {
        return offset;
    }

    int remaining() {
        return frame.length - offset;
    }

    /** A rejection in this frame's words: {@code "0x2A35 systolic at offset 1: <reason>"}. */
    FrameException error(String field, int at, String reason) {
        return new FrameException(characteristic + " " + field + " at offset " + at + ": " + reason);
    }

    private int take(String field, int size) throws FrameException {
        if (remaining() < size) {
            throw error(field, offset, "expected " + size + " byte" + (size == 1 ? "" : "s") + ", "
                    + remaining() + " left (frame is " + frame.length + " bytes)");
        }
        int at = offset;
        offset += size;
        return at;
    }

    int u8(String field) throws FrameException {
        return frame[take(field, 1)] & 0xFF;
    }

    int u16(String field) throws FrameException {
        int at = take(field, 2);
        return (frame[at] & 0xFF) | (frame[at + 1] & 0xFF) << 8;
    }

    int s16(String field) throws FrameException {
        return (short) u16(field);
    }

    int u24(String field) throws FrameException {
        int at = take(field, 3);
        return (frame[at] & 0xFF) | (frame[at + 1] & 0xFF) << 8 | (frame[at + 2] & 0xFF) << 16;
    }

    long u32(String field) throws FrameException {
        int at = take(field, 4);
        return ((frame[at] & 0xFFL) | (frame[at + 1] & 0xFFL) << 8 | (frame[at + 2] & 0xFFL) << 16
                | (frame[at + 3] & 0xFFL) << 24);
    }

    /** An SFLOAT; the caller decides what a special value means for its field. */
    Ieee11073.Value sfloat(String field) throws FrameException {
        return Ieee11073.sfloat(u16(field));
    }

    /** An SFLOAT that must be a finite number: a special value rejects the frame. */
    double requiredSfloat(String field) throws FrameException {
        int at = offset;
        Ieee11073.Value v = sfloat(field);
        if (v instanceof Ieee11073.Finite f) {
            return f.value();
        }
        throw error(field, at, "is " + v + ", a number is required");
    }

    Ieee11073.Value float32(String field) throws FrameException {
        return Ieee11073.float32((int) u32(field));
    }

    /** A 7-byte DateTime; empty when the device marks the date as unknown (year, month or day 0). */
    Optional<LocalDateTime> dateTime(String field) throws FrameException {
        int at = take(field, GattDateTime.SIZE);
        return GattDateTime.decode(frame, at, (f, reason) -> error(field + "." + f, at, reason));
    }

    /** Rejects bytes beyond the last field the flags announced: they mean the flags and the layout disagree. */
    void end() throws FrameException {
        if (remaining() > 0) {
            throw error("end of frame", offset, remaining() + " unexpected byte" + (remaining() == 1 ? "" : "s")
                    + " after the last field the flags announce");
        }
    }
}
