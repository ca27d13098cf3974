package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BodyTemperature;

/**
 * Temperature Measurement (0x2A1C, indicated; HTS 1.0, 3.1):
 * <pre>
 * flags u8: b0 Fahrenheit (else Celsius), b1 timestamp, b2 temperature type
 * FLOAT (32-bit) temperature, [DateTime 7], [u8 temperature type = measurement site]
 * site: 1 armpit, 2 body, 3 ear, 4 finger, 5 gastro-intestinal tract, 6 mouth, 7 rectum, 8 toe, 9 tympanum
 * </pre>
 * The temperature is required: a special value rejects the frame. A reserved site code is left out and noted.
 */
public final class TemperatureParser implements CharacteristicParser {
    private static final String[] SITES = {null, "armpit", "body", "ear", "finger", "gastro-intestinal-tract",
        "mouth", "rectum", "toe", "tympanum"};

    private final Clock clock;

    public TemperatureParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int characteristic() {
        return GattUuids.TEMPERATURE_MEASUREMENT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int flags = m.in.u8("flags");
        Ucum unit = (flags & 0x01) != 0 ? Ucum.DEG_F : Ucum.CEL;
        int valueAt = m.in.offset();
        Ieee11073.Value raw = m.in.float32("temperature");
        if (!(raw instanceof Ieee11073.Finite t)) {
            throw m.in.error("temperature", valueAt, "is " + raw + ", a number is required");
        }
        Quantity temperature = m.required("temperature", valueAt, t.value(), unit);
        boolean stamped = (flags & 0x02) != 0;
        Optional<LocalDateTime> deviceTime = stamped ? m.in.dateTime("timestamp") : Optional.empty();
        String site = null;
        if ((flags & 0x04) != 0) {
            int siteAt = m.in.offset();
            int code = m.in.u8("temperature type");
            site = code > 0 && code < SITES.length ? SITES[code]
                    : m.drop("temperature type", siteAt, "is a reserved code");
        }
        m.in.end();
        Instant at = m.time(deviceTime, stamped);
        String where = site;
        BodyTemperature bt = m.build(() -> new BodyTemperature(device, at, temperature, where, m.quality));
        Optional<RecordKey> key = deviceTime.map(d -> new RecordKey(characteristic(), d, null, null,
                temperature.toString()));
        return new Decoded.Readings(List.of(bt), key, false, m.notes);
    }
}
