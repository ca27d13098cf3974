package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.OxygenSaturation;

/**
 * PLX Continuous Measurement (0x2A5F, notified; PLXS 1.0.1, 3.2):
 * <pre>
 * flags u8: b0 SpO2PR-Fast, b1 SpO2PR-Slow, b2 measurement status, b3 device and sensor status, b4 PAI
 * SFLOAT SpO2 %, SFLOAT PR /min (normal), [SFLOAT SpO2, PR (fast)], [SFLOAT SpO2, PR (slow)],
 * [u16 measurement status], [u24 device and sensor status], [SFLOAT PAI %]
 * </pre>
 * One observation per frame, from the "normal" pair: the fast and slow pairs are the same moment averaged over
 * shorter and longer windows, and forwarding three saturations for one instant would make rules count one dip
 * three times. They are read (so the layout is checked) but not forwarded. Special values: as for spot-check.
 */
public final class PlxContinuousParser implements CharacteristicParser {
    private final Clock clock;

    public PlxContinuousParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int characteristic() {
        return GattUuids.PLX_CONTINUOUS_MEASUREMENT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int flags = m.in.u8("flags");
        int spo2At = m.in.offset();
        Ieee11073.Value spo2Raw = m.in.sfloat("SpO2 (normal)");
        Quantity pulse = m.optionalSfloat("pulse rate (normal)", Ucum.PER_MIN);
        if ((flags & 0x01) != 0) {
            m.in.sfloat("SpO2 (fast)");
            m.in.sfloat("pulse rate (fast)");
            m.notes.add("SpO2PR-Fast read but not forwarded (the normal pair is the reading)");
        }
        if ((flags & 0x02) != 0) {
            m.in.sfloat("SpO2 (slow)");
            m.in.sfloat("pulse rate (slow)");
            m.notes.add("SpO2PR-Slow read but not forwarded (the normal pair is the reading)");
        }
        if ((flags & 0x04) != 0) {
            m.flags(m.in.u16("measurement status"), PlxStatus.MEASUREMENT);
        }
        int sensor = (flags & 0x08) != 0 ? m.in.u24("device and sensor status") : 0;
        m.flags(sensor, PlxStatus.DEVICE_AND_SENSOR);
        Double pai = null;
        if ((flags & 0x10) != 0) {
            Quantity q = m.optionalSfloat("pulse amplitude index", Ucum.PERCENT);
            pai = q == null ? null : q.value();
        }
        m.in.end();
        Instant at = m.time(Optional.empty(), false);

        if (!(spo2Raw instanceof Ieee11073.Finite spo2Value)) {
            if ((sensor & PlxStatus.NOT_ON_FINGER) != 0) {
                DeviceStatus off = m.build(() -> new DeviceStatus(device, at, DeviceState.NOT_WORN,
                        "oximeter reports the sensor is off the finger"));
                return new Decoded.Readings(List.of(off), Optional.empty(), false, m.notes);
            }
            throw m.in.error("SpO2 (normal)", spo2At, "is " + spo2Raw + ", a number is required");
        }
        Quantity spo2 = m.required("SpO2 (normal)", spo2At, spo2Value.value(), Ucum.PERCENT);
        Double paiValue = pai;
        OxygenSaturation o = m.build(() -> new OxygenSaturation(device, at, spo2, pulse, paiValue, m.quality));
        return new Decoded.Readings(List.of(o), Optional.empty(), false, m.notes);
    }
}
