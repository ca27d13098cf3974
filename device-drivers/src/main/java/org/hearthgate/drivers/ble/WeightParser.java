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
import org.hearthgate.contract.obs.BodyWeight;

/**
 * Weight Measurement (0x2A9D, indicated; WSS 1.0, 3.1):
 * <pre>
 * flags u8: b0 imperial (lb, in; else kg, m), b1 timestamp, b2 user id, b3 BMI and height
 * u16 weight x resolution, [DateTime 7], [u8 user id, 0xFF = unknown], [u16 BMI x 0.1 kg/m2, u16 height x resolution]
 * </pre>
 * Resolutions come from the scale's {@link WeightScaleFeature} (defaults 0.005 kg / 0.01 lb, 0.001 m / 0.1 in).
 * Weight 0xFFFF means "measurement unsuccessful" and rejects the frame; BMI or height 0 means "not measured" and is
 * left out.
 */
public final class WeightParser implements CharacteristicParser {
    private final Clock clock;
    private final WeightScaleFeature feature;

    public WeightParser(Clock clock, WeightScaleFeature feature) {
        this.clock = clock;
        this.feature = feature;
    }

    @Override
    public int characteristic() {
        return GattUuids.WEIGHT_MEASUREMENT;
    }

    @Override
    public Decoded parse(DeviceId device, byte[] frame) throws FrameException {
        Measurement m = new Measurement(characteristic(), frame, clock);
        int flags = m.in.u8("flags");
        boolean imperial = (flags & 0x01) != 0;
        int weightAt = m.in.offset();
        int rawWeight = m.in.u16("weight");
        if (rawWeight == 0xFFFF) {
            throw m.in.error("weight", weightAt, "the scale reports the measurement was unsuccessful (0xFFFF)");
        }
        Quantity weight = m.required("weight", weightAt, scale(rawWeight, feature.weightStep(imperial)),
                imperial ? Ucum.LB : Ucum.KG);
        boolean stamped = (flags & 0x02) != 0;
        Optional<LocalDateTime> deviceTime = stamped ? m.in.dateTime("timestamp") : Optional.empty();
        Integer user = null;
        if ((flags & 0x04) != 0) {
            int id = m.in.u8("user id");
            user = id == 0xFF ? null : id;
        }
        Quantity bmi = null;
        Quantity height = null;
        if ((flags & 0x08) != 0) {
            int bmiAt = m.in.offset();
            int rawBmi = m.in.u16("BMI");
            int heightAt = m.in.offset();
            int rawHeight = m.in.u16("height");
            bmi = rawBmi == 0 ? m.drop("BMI", bmiAt, "is 0 (not measured)")
                    : optional(m, "BMI", bmiAt, scale(rawBmi, 0.1), Ucum.KG_PER_M2);
            height = rawHeight == 0 ? m.drop("height", heightAt, "is 0 (not measured)")
                    : optional(m, "height", heightAt, scale(rawHeight, feature.heightStep(imperial)),
                            imperial ? Ucum.IN : Ucum.M);
        }
        m.in.end();
        Instant at = m.time(deviceTime, stamped);
        Integer uid = user;
        Quantity b = bmi;
        Quantity h = height;
        BodyWeight w = m.build(() -> new BodyWeight(device, at, weight, h, b, uid, m.quality));
        Optional<RecordKey> key = deviceTime.map(d -> new RecordKey(characteristic(), d, null, uid,
                weight.toString()));
        return new Decoded.Readings(List.of(w), key, false, m.notes);
    }

    private static Quantity optional(Measurement m, String field, int at, double value, Ucum unit) {
        return Measurement.plausible(value, unit) ? Quantity.of(value, unit)
                : m.drop(field, at, "is outside the plausible range for " + unit.code());
    }

    /** raw x step in decimal, so 14000 x 0.005 is exactly 70.0 rather than 70.00000000000001. */
    static double scale(int raw, double step) {
        return BigDecimal.valueOf(raw).multiply(BigDecimal.valueOf(step)).doubleValue();
    }
}
