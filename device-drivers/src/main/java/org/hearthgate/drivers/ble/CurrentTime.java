package org.hearthgate.drivers.ble;

import java.time.ZonedDateTime;

/**
 * Current Time (0x2A2B; CTS 1.1, 3.1), written on connect so that the device stamps its stored records in the hub's
 * local time:
 * <pre>
 * DateTime 7, u8 day of week (1 Monday .. 7 Sunday), u8 fractions256, u8 adjust reason
 * adjust reason: b0 manual time update, b1 external reference time update, b2 time zone change, b3 DST change
 * </pre>
 */
public final class CurrentTime {
    public static final int SIZE = 10;
    public static final int MANUAL_UPDATE = 0x01;
    public static final int EXTERNAL_REFERENCE = 0x02;
    public static final int TIME_ZONE_CHANGE = 0x04;
    public static final int DST_CHANGE = 0x08;

    private CurrentTime() {
    }

    /** Encodes {@code now} (in the zone the device should show) with the given adjust-reason bits. */
    public static byte[] encode(ZonedDateTime now, int adjustReason) {
        if ((adjustReason & ~0x0F) != 0) {
            throw new IllegalArgumentException("adjust reason bits 4..7 are reserved");
        }
        byte[] b = new byte[SIZE];
        GattDateTime.encode(now.toLocalDateTime(), b, 0);
        b[7] = (byte) now.getDayOfWeek().getValue();
        b[8] = (byte) (now.getNano() * 256L / 1_000_000_000L);
        b[9] = (byte) adjustReason;
        return b;
    }
}
