package org.hearthgate.drivers.ble;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.Quality;

/**
 * Glucose Measurement (0x2A18, notified; GLS 1.0.1, 3.106):
 * <pre>
 * flags u8: b0 time offset, b1 concentration + type/sample location, b2 unit mol/L (else kg/L),
 *           b3 sensor status annunciation, b4 context information follows
 * u16 sequence number, DateTime base time, [s16 time offset in minutes],
 * [SFLOAT concentration, u8 type (low nibble) | sample location (high nibble)], [u16 sensor status annunciation]
 * </pre>
 * Type is the least significant nibble, as GLS defines it and as Nordic's ble_gls encoder and Wireshark's btatt
 * dissector (mask 0x0F type, 0xF0 location) agree; see docs/devices.md. Concentrations become mg/dL (kg/L x 100 000)
 * or mmol/L (mol/L x 1000). A special concentration rejects the frame. A record without a concentration (a meter
 * that only reports a strip error) produces no observation, only notes.
 */
public final class GlucoseMeasurementParser implements CharacteristicParser {
    static final String[] TYPES = {null, "capillary-whole-blood", "capillary-plasma", "venous-whole-blood",
        "venous-plasma", "arterial-whole-blood", "arterial-plasma", "undetermined-whole-blood",
        "undetermined-plasma", "interstitial-fluid", "control-solution"};
    static final String[] LOCATIONS = {null, "finger", "alternate-site-test", "earlobe", "control-solution"};
    private static final int LOCATION_NOT_AVAILABLE = 0xF;
    private static final Quality[] STATUS = {Quality.DEVICE_BATTERY_LOW, Quality.SENSOR_MALFUNCTION,
        Quality.SAMPLE_SIZE_INSUFFICIENT, Quality.STRIP_INSERTION_ERROR, Quality.STRIP_TYPE_INCORRECT,
        Quality.RESULT_ABOVE_RANGE, Quality.RESULT_BELOW_RANGE, Quality.TEMPERATURE_TOO_HIGH,
        Quality.TEMPERATURE_TOO_LOW, Quality.READ_INTERRUPTED, Quality.GENERAL_DEVICE_FAULT, Quality.TIME_FAULT};

    private final Clock clock;

    public GlucoseMeasurementParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int characteristic() {
        return GattUuids.GLUCOSE_MEASUREMENT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int flags = m.in.u8("flags");
        int sequence = m.in.u16("sequence number");
        Optional<LocalDateTime> base = m.in.dateTime("base time");
        int offsetMinutes = (flags & 0x01) != 0 ? m.in.s16("time offset") : 0;
        Optional<LocalDateTime> deviceTime = base.map(t -> t.plusMinutes(offsetMinutes));

        Quantity concentration = null;
        String type = null;
        String location = null;
        if ((flags & 0x02) != 0) {
            boolean molar = (flags & 0x04) != 0;
            int concAt = m.in.offset();
            Ieee11073.Value raw = m.in.sfloat("glucose concentration");
            if (!(raw instanceof Ieee11073.Finite c)) {
                throw m.in.error("glucose concentration", concAt, "is " + raw + ", a number is required");
            }
            // kg/L -> mg/dL: 1 kg/L = 10^6 mg / 10 dL; mol/L -> mmol/L: x 1000. Exact in decimal.
            BigDecimal exact = BigDecimal.valueOf(c.mantissa()).scaleByPowerOfTen(c.exponent() + (molar ? 3 : 5));
            concentration = m.required("glucose concentration", concAt, exact.doubleValue(),
                    molar ? Ucum.MMOL_PER_L : Ucum.MG_PER_DL);
            int nibblesAt = m.in.offset();
            int nibbles = m.in.u8("type and sample location");
            int typeCode = nibbles & 0x0F;
            int locationCode = nibbles >> 4;
            type = typeCode > 0 && typeCode < TYPES.length ? TYPES[typeCode]
                    : m.drop("type", nibblesAt, "is a reserved code");
            if (locationCode != LOCATION_NOT_AVAILABLE) {
                location = locationCode > 0 && locationCode < LOCATIONS.length ? LOCATIONS[locationCode]
                        : m.drop("sample location", nibblesAt, "is a reserved code");
            }
        }
        if ((flags & 0x08) != 0) {
            m.flags(m.in.u16("sensor status annunciation"), STATUS);
        }
        m.in.end();
        Instant at = m.time(deviceTime, true);
        boolean contextFollows = (flags & 0x10) != 0;
        if (concentration == null) {
            m.notes.add("record " + sequence + " carries no concentration; nothing to forward");
            return new Decoded.Readings(List.of(), Optional.empty(), contextFollows, m.notes);
        }
        Quantity conc = concentration;
        String t = type;
        String l = location;
        BloodGlucose g = m.build(() -> new BloodGlucose(device, at, conc, sequence, t, l, null, m.quality));
        RecordKey key = new RecordKey(characteristic(), deviceTime.orElse(null), sequence, null, conc.toString());
        return new Decoded.Readings(List.of(g), Optional.of(key), contextFollows, m.notes);
    }
}
