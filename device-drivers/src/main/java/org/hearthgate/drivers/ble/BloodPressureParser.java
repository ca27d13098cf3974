package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.Quality;

/**
 * Blood Pressure Measurement (0x2A35, indicated) and Intermediate Cuff Pressure (0x2A36, notified), which share one
 * layout (BLS 1.1.1, 3.1 and 3.2):
 * <pre>
 * flags u8: b0 kPa (else mmHg), b1 timestamp, b2 pulse rate, b3 user id, b4 measurement status
 * SFLOAT systolic, SFLOAT diastolic, SFLOAT mean arterial pressure
 * [DateTime 7] [SFLOAT pulse rate /min] [u8 user id, 0xFF = unknown] [u16 measurement status]
 * status: b0 body movement, b1 cuff too loose, b2 irregular pulse, b3-4 pulse range (01 above upper limit,
 *         10 below lower limit, 11 reserved), b5 improper measurement position
 * </pre>
 * Special values: systolic and diastolic are required (a special value rejects the frame); MAP and pulse rate are
 * optional in the contract, so a special value there drops the field and flags the reading. In Intermediate Cuff
 * Pressure the systolic field carries the current cuff pressure and diastolic/MAP are NaN by definition.
 */
public final class BloodPressureParser implements CharacteristicParser {
    private static final Quality[] STATUS = {Quality.BODY_MOVEMENT, Quality.CUFF_LOOSE, Quality.IRREGULAR_PULSE,
        null, null, Quality.IMPROPER_POSITION};

    private final int characteristic;
    private final Clock clock;

    private BloodPressureParser(int characteristic, Clock clock) {
        this.characteristic = characteristic;
        this.clock = clock;
    }

    public static BloodPressureParser measurement(Clock clock) {
        return new BloodPressureParser(GattUuids.BLOOD_PRESSURE_MEASUREMENT, clock);
    }

    public static BloodPressureParser intermediateCuffPressure(Clock clock) {
        return new BloodPressureParser(GattUuids.INTERMEDIATE_CUFF_PRESSURE, clock);
    }

    @Override
    public int characteristic() {
        return characteristic;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic, frame, clock);
        int flags = m.in.u8("flags");
        Ucum unit = (flags & 0x01) != 0 ? Ucum.KPA : Ucum.MM_HG;
        boolean intermediate = characteristic == GattUuids.INTERMEDIATE_CUFF_PRESSURE;

        Quantity systolic = m.requiredSfloat(intermediate ? "cuff pressure" : "systolic", unit);
        Quantity diastolic = null;
        Quantity mean = null;
        if (intermediate) {
            m.in.sfloat("diastolic (unused)");
            m.in.sfloat("mean arterial pressure (unused)");
        } else {
            diastolic = m.requiredSfloat("diastolic", unit);
            mean = m.optionalSfloat("mean arterial pressure", unit);
        }
        boolean stamped = (flags & 0x02) != 0;
        Optional<LocalDateTime> deviceTime = stamped ? m.in.dateTime("timestamp") : Optional.empty();
        Quantity pulse = (flags & 0x04) != 0 ? m.optionalSfloat("pulse rate", Ucum.PER_MIN) : null;
        Integer user = null;
        if ((flags & 0x08) != 0) {
            int id = m.in.u8("user id");
            user = id == 0xFF ? null : id;
        }
        if ((flags & 0x10) != 0) {
            int statusAt = m.in.offset();
            int status = m.in.u16("measurement status");
            m.flags(status, STATUS);
            switch ((status >> 3) & 0x3) {
                case 1 -> m.quality.add(Quality.PULSE_ABOVE_RANGE);
                case 2 -> m.quality.add(Quality.PULSE_BELOW_RANGE);
                case 3 -> m.notes.add("measurement status at offset " + statusAt
                        + " pulse range detection 0b11 is reserved; ignored");
                default -> { }
            }
        }
        m.in.end();
        Instant at = m.time(deviceTime, stamped);

        if (intermediate) {
            return new Decoded.CuffProgress(at, systolic, m.quality, m.notes);
        }
        Quantity dia = diastolic;
        Quantity map = mean;
        Quantity pr = pulse;
        Integer uid = user;
        BloodPressure bp = m.build(() -> new BloodPressure(device, at, systolic, dia, map, pr, uid, m.quality));
        Optional<RecordKey> key = deviceTime.map(t -> new RecordKey(characteristic, t, null, uid,
                systolic.value() + "/" + dia.value() + "/" + (map == null ? "-" : map.value()) + " " + unit.code()));
        return new Decoded.Readings(List.of(bp), key, false, m.notes);
    }
}
