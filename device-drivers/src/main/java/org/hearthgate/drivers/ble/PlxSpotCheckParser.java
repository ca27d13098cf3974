package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.Quality;

/**
 * PLX Spot-Check Measurement (0x2A5E, indicated; PLXS 1.0.1, 3.1):
 * <pre>
 * flags u8: b0 timestamp, b1 measurement status, b2 device and sensor status, b3 pulse amplitude index,
 *           b4 device clock is not set
 * SFLOAT SpO2 %, SFLOAT pulse rate /min, [DateTime 7], [u16 measurement status], [u24 device and sensor status],
 * [SFLOAT PAI %]
 * </pre>
 * Bit 0 is the timestamp, not "SpO2PR-Fast" (that bit exists only in PLX Continuous); see docs/devices.md.
 * SpO2 is required: a special value rejects the frame, unless the sensor status says the probe is off the finger,
 * which becomes a {@link DeviceStatus} NOT_WORN. Pulse rate and PAI are optional (dropped and flagged).
 */
public final class PlxSpotCheckParser implements CharacteristicParser {
    private final Clock clock;

    public PlxSpotCheckParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int characteristic() {
        return GattUuids.PLX_SPOT_CHECK_MEASUREMENT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int flags = m.in.u8("flags");
        int spo2At = m.in.offset();
        Ieee11073.Value spo2Raw = m.in.sfloat("SpO2");
        Quantity pulse = m.optionalSfloat("pulse rate", Ucum.PER_MIN);
        boolean stamped = (flags & 0x01) != 0;
        Optional<LocalDateTime> deviceTime = stamped ? m.in.dateTime("timestamp") : Optional.empty();
        if ((flags & 0x02) != 0) {
            m.flags(m.in.u16("measurement status"), PlxStatus.MEASUREMENT);
        }
        int sensor = (flags & 0x04) != 0 ? m.in.u24("device and sensor status") : 0;
        m.flags(sensor, PlxStatus.DEVICE_AND_SENSOR);
        Double pai = null;
        if ((flags & 0x08) != 0) {
            Quantity q = m.optionalSfloat("pulse amplitude index", Ucum.PERCENT);
            pai = q == null ? null : q.value();
        }
        m.in.end();
        boolean clockNotSet = (flags & 0x10) != 0;
        Instant at;
        if (clockNotSet) {
            // The stamp counts from whenever the oximeter powered up: not a point in time we can use.
            m.quality.add(Quality.DEVICE_CLOCK_NOT_SET);
            at = m.time(Optional.empty(), false);
        } else {
            at = m.time(deviceTime, stamped);
        }

        if (!(spo2Raw instanceof Ieee11073.Finite spo2Value)) {
            if ((sensor & PlxStatus.NOT_ON_FINGER) != 0) {
                DeviceStatus off = m.build(() -> new DeviceStatus(device, at, DeviceState.NOT_WORN,
                        "oximeter reports the sensor is off the finger"));
                return new Decoded.Readings(List.of(off), Optional.empty(), false, m.notes);
            }
            throw m.in.error("SpO2", spo2At, "is " + spo2Raw + ", a number is required");
        }
        Quantity spo2 = m.required("SpO2", spo2At, spo2Value.value(), Ucum.PERCENT);
        Double paiValue = pai;
        OxygenSaturation o = m.build(() -> new OxygenSaturation(device, at, spo2, pulse, paiValue, m.quality));
        Optional<RecordKey> key = deviceTime.map(t -> new RecordKey(characteristic(), t, null, null,
                spo2.value() + "/" + (pulse == null ? "-" : pulse.value())));
        return new Decoded.Readings(List.of(o), key, false, m.notes);
    }
}
