package org.hearthgate.drivers.ble;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The Bluetooth DateTime (0x2A08) embedded in health measurements: u16 year, u8 month, day, hours, minutes, seconds.
 * Year, month or day 0 means "not known" and the whole stamp is then unusable as a point in time. It carries no
 * zone: devices keep the local time the hub writes through Current Time Service, so callers read it in the hub's
 * zone.
 */
public final class GattDateTime {
    public static final int SIZE = 7;

    private GattDateTime() {
    }

    /** How a decoding failure is reported: the sub-field and why. */
    @FunctionalInterface
    interface Rejection {
        FrameException reject(String field, String reason);
    }

    static Optional<LocalDateTime> decode(byte[] b, int at, Rejection rejection) throws FrameException {
        int year = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        int month = b[at + 2] & 0xFF;
        int day = b[at + 3] & 0xFF;
        int hours = b[at + 4] & 0xFF;
        int minutes = b[at + 5] & 0xFF;
        int seconds = b[at + 6] & 0xFF;
        if (year != 0 && (year < 1582 || year > 9999)) {
            throw rejection.reject("year", "outside 1582..9999 (0 = unknown)");
        }
        if (month > 12) {
            throw rejection.reject("month", "outside 1..12 (0 = unknown)");
        }
        if (day > 31) {
            throw rejection.reject("day", "outside 1..31 (0 = unknown)");
        }
        if (hours > 23) {
            throw rejection.reject("hours", "outside 0..23");
        }
        if (minutes > 59) {
            throw rejection.reject("minutes", "outside 0..59");
        }
        if (seconds > 59) {
            throw rejection.reject("seconds", "outside 0..59");
        }
        if (year == 0 || month == 0 || day == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hours, minutes, seconds));
        } catch (DateTimeException e) {
            throw rejection.reject("day", "not a day of that month");
        }
    }

    /** Writes {@code time} (seconds precision) as 7 bytes at {@code at}. */
    public static void encode(LocalDateTime time, byte[] into, int at) {
        int year = time.getYear();
        if (year < 1582 || year > 9999) {
            throw new IllegalArgumentException("DateTime year " + year + " is outside 1582..9999");
        }
        into[at] = (byte) year;
        into[at + 1] = (byte) (year >> 8);
        into[at + 2] = (byte) time.getMonthValue();
        into[at + 3] = (byte) time.getDayOfMonth();
        into[at + 4] = (byte) time.getHour();
        into[at + 5] = (byte) time.getMinute();
        into[at + 6] = (byte) time.getSecond();
    }

    public static byte[] encode(LocalDateTime time) {
        byte[] b = new byte[SIZE];
        encode(time, b, 0);
        return b;
    }
}
