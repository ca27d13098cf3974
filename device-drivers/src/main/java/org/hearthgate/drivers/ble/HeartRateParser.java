package org.hearthgate.drivers.ble;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Quality;

/**
 * Heart Rate Measurement (0x2A37, notified; HRS 1.0, 3.1):
 * <pre>
 * flags u8: b0 rate is u16 (else u8), b1 sensor contact detected, b2 sensor contact supported,
 *           b3 energy expended present, b4 RR intervals present
 * rate u8|u16 /min, [u16 energy expended kJ], [u16 RR interval in 1/1024 s]... to the end of the frame
 * </pre>
 * Contact: when supported and not detected the reading gets {@link Quality#NO_SKIN_CONTACT} (straps then often send
 * rate 0); when not supported {@code skinContact} is null. Live data: no timestamp, so the receive time is used.
 */
public final class HeartRateParser implements CharacteristicParser {
    private final Clock clock;

    public HeartRateParser(Clock clock) {
        this.clock = clock;
    }

    @Override
    public int characteristic() {
        return GattUuids.HEART_RATE_MEASUREMENT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int flags = m.in.u8("flags");
        int rateAt = m.in.offset();
        int rate = (flags & 0x01) != 0 ? m.in.u16("heart rate (u16)") : m.in.u8("heart rate (u8)");
        Quantity bpm = m.required("heart rate", rateAt, rate, Ucum.PER_MIN);
        Boolean contact = null;
        if ((flags & 0x04) != 0) {
            contact = (flags & 0x02) != 0;
            if (!contact) {
                m.quality.add(Quality.NO_SKIN_CONTACT);
            }
        }
        Quantity energy = null;
        if ((flags & 0x08) != 0) {
            int at = m.in.offset();
            int kj = m.in.u16("energy expended");
            // 0xFFFF means "at least 65535 kJ" (the counter saturates until reset): not an exact amount.
            energy = kj == 0xFFFF ? m.drop("energy expended", at, "is saturated (0xFFFF)")
                    : m.required("energy expended", at, kj, Ucum.KJ);
        }
        List<Double> rr = new ArrayList<>();
        if ((flags & 0x10) != 0) {
            while (m.in.remaining() > 0) {
                rr.add(m.in.u16("RR interval " + rr.size()) / 1024.0);
            }
        }
        m.in.end();
        Instant at = m.time(Optional.empty(), false);
        Boolean skin = contact;
        Quantity kj = energy;
        HeartRate hr = m.build(() -> new HeartRate(device, at, bpm, rr, skin, kj, m.quality));
        return new Decoded.Readings(List.of(hr), Optional.empty(), false, m.notes);
    }
}
