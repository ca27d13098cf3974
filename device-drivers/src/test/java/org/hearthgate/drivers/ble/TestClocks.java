package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.hearthgate.contract.DeviceId;

/** A fixed hub clock in a zone with summer time, so that zone handling is exercised. */
final class TestClocks {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** 09:00 local in Berlin (UTC+1 in November). */
    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZONE);
    static final DeviceId DEVICE = DeviceId.of("cuff-1");
    /** 08:30:15 local on the device: 07:30:15Z. */
    static final LocalDateTime DEVICE_TIME = LocalDateTime.of(2026, 11, 22, 8, 30, 15);
    static final Instant DEVICE_INSTANT = Instant.parse("2026-11-22T07:30:15Z");

    private TestClocks() {
    }
}
