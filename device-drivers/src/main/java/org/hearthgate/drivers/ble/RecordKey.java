package org.hearthgate.drivers.ble;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * Identifies a stored record that a cuff, oximeter, scale or meter may send again after a reconnect. Two frames
 * with the same key are the same record. The key holds the device's own time (not the hub's, which differs on
 * replay), the sequence number or user where the profile has one, and a fingerprint of the measured values, so that
 * two different readings that happen to share a timestamp are never merged into one.
 */
public record RecordKey(int characteristic, LocalDateTime deviceTime, Integer sequence, Integer user,
                        String fingerprint) {
    public RecordKey {
        if (deviceTime == null && sequence == null) {
            throw new IllegalArgumentException("a record key needs a device time or a sequence number");
        }
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
