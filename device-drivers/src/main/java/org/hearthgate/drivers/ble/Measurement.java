package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Quality;

/**
 * The state of decoding one frame: the reader, the quality flags and notes gathered so far, and the rules shared by
 * all parsers for time, plausibility and optional values.
 */
final class Measurement {
    /**
     * A device stamp further ahead of the hub than this is not believed: the device clock is wrong (an unset clock
     * often starts in the future) and the reading would sort into the future. Two minutes covers ordinary drift.
     */
    static final Duration MAX_DEVICE_CLOCK_LEAD = Duration.ofMinutes(2);

    final FrameReader in;
    final Set<Quality> quality = EnumSet.noneOf(Quality.class);
    final List<String> notes = new ArrayList<>();
    private final String characteristic;
    private final Clock clock;

    Measurement(int characteristic, byte[] frame, Clock clock) throws FrameException {
        this.characteristic = GattUuids.name(characteristic);
        this.in = new FrameReader(this.characteristic, frame);
        this.clock = clock;
    }

    /**
     * The measurement time: the device's stamp read in the hub's zone when it has a usable one, else the receive
     * time. An unknown or implausibly future stamp falls back to the receive time and raises
     * {@link Quality#DEVICE_CLOCK_NOT_SET}.
     */
    Instant time(Optional<LocalDateTime> deviceTime, boolean present) {
        Instant now = clock.instant();
        if (!present) {
            return now;
        }
        if (deviceTime.isEmpty()) {
            quality.add(Quality.DEVICE_CLOCK_NOT_SET);
            notes.add("timestamp: the device marks its date as unknown; receive time used");
            return now;
        }
        Instant at = deviceTime.get().atZone(clock.getZone()).toInstant();
        if (at.isAfter(now.plus(MAX_DEVICE_CLOCK_LEAD))) {
            quality.add(Quality.DEVICE_CLOCK_NOT_SET);
            notes.add("timestamp: ahead of the hub clock; receive time used");
            return now;
        }
        return at;
    }

    /** A required quantity: outside the unit's plausible range rejects the frame (a parser or device fault). */
    Quantity required(String field, int at, double value, Ucum unit) throws FrameException {
        if (!plausible(value, unit)) {
            throw in.error(field, at, "outside the plausible range " + range(unit));
        }
        return Quantity.of(value, unit);
    }

    /** A required SFLOAT quantity; a special value rejects the frame. */
    Quantity requiredSfloat(String field, Ucum unit) throws FrameException {
        int at = in.offset();
        return required(field, at, in.requiredSfloat(field), unit);
    }

    /**
     * An optional SFLOAT quantity: a special or implausible value is dropped (null), noted, and flagged with
     * {@link Quality#OPTIONAL_VALUE_UNAVAILABLE}.
     */
    Quantity optionalSfloat(String field, Ucum unit) throws FrameException {
        int at = in.offset();
        Ieee11073.Value v = in.sfloat(field);
        if (v instanceof Ieee11073.Finite f) {
            if (plausible(f.value(), unit)) {
                return Quantity.of(f.value(), unit);
            }
            return drop(field, at, "outside the plausible range " + range(unit));
        }
        return drop(field, at, "is " + v);
    }

    /** Drops an optional value with a note and a flag; returns null for the caller's field. */
    <T> T drop(String field, int at, String reason) {
        quality.add(Quality.OPTIONAL_VALUE_UNAVAILABLE);
        notes.add(field + " at offset " + at + " " + reason + "; left out");
        return null;
    }

    /**
     * Builds the observation. Values were checked above, so the contract's own validation should never fire; if it
     * does, it still becomes a {@link FrameException} (with the contract's field name, not its value).
     */
    <T extends Observation> T build(Supplier<T> constructor) throws FrameException {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            int colon = msg.indexOf(':');
            throw new FrameException(characteristic + ": rejected by the contract at field "
                    + (colon > 0 ? msg.substring(0, colon) : "?"));
        }
    }

    static boolean plausible(double value, Ucum unit) {
        return Double.isFinite(value) && value >= unit.plausibleMin() && value <= unit.plausibleMax();
    }

    private static String range(Ucum unit) {
        return stripZero(unit.plausibleMin()) + ".." + stripZero(unit.plausibleMax()) + " " + unit.code();
    }

    private static String stripZero(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Flags for the set bits of {@code bits}: {@code table[i]} is the flag of bit i (null = reserved bit). */
    void flags(int bits, Quality[] table) {
        for (int i = 0; i < table.length; i++) {
            if ((bits & 1 << i) != 0 && table[i] != null) {
                quality.add(table[i]);
            }
        }
    }
}
