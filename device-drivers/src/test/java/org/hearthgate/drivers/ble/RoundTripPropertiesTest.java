package org.hearthgate.drivers.ble;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Quality;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Random valid readings, encoded as a device would and decoded again, must come back unchanged. Seeded; the seed is
 * in every failure message.
 */
class RoundTripPropertiesTest {
    private static final Quality[] BP_STATUS = {Quality.BODY_MOVEMENT, Quality.CUFF_LOOSE, Quality.IRREGULAR_PULSE,
        null, null, Quality.IMPROPER_POSITION};

    private static double value(int mantissa, int exponent) {
        return BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent).doubleValue();
    }

    private static LocalDateTime pastTime(Random r) {
        return TestClocks.DEVICE_TIME.minusSeconds(r.nextInt(365 * 24 * 3600));
    }

    @RepeatedTest(3)
    void bloodPressureSurvivesEncodeAndDecode() throws FrameException {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        BloodPressureParser parser = BloodPressureParser.measurement(TestClocks.CLOCK);
        for (int i = 0; i < 2_000; i++) {
            int flags = r.nextInt(32) & ~0x01;
            int sys = 60 + r.nextInt(220);
            int dia = 30 + r.nextInt(150);
            int map = 40 + r.nextInt(160);
            int pulse = 30 + r.nextInt(180);
            int user = r.nextInt(256);
            int status = r.nextInt(64) & ~0x18 | (r.nextBoolean() ? 0x08 : 0);
            LocalDateTime t = pastTime(r);
            // Systolic sometimes with one decimal (x 10^-1) where the mantissa allows, to exercise the exponent.
            FrameBuilder b = FrameBuilder.flags(flags);
            if (sys * 10 <= 2045) {
                b.sfloat(sys * 10, -1);
            } else {
                b.sfloat(sys, 0);
            }
            b.sfloat(dia, 0).sfloat(map, 0);
            if ((flags & 0x02) != 0) {
                b.dateTime(t);
            }
            if ((flags & 0x04) != 0) {
                b.sfloat(pulse, 0);
            }
            if ((flags & 0x08) != 0) {
                b.u8(user);
            }
            if ((flags & 0x10) != 0) {
                b.u16(status);
            }
            byte[] frame = b.build();
            BloodPressure bp = (BloodPressure) ((Decoded.Readings) parser.parse(TestClocks.DEVICE, frame))
                    .observations().get(0);
            String why = "seed " + seed + " frame " + FrameBuilder.hex(frame);
            assertThat(bp.systolic().value()).as(why).isEqualTo(sys);
            assertThat(bp.diastolic().value()).as(why).isEqualTo(dia);
            assertThat(bp.mean().value()).as(why).isEqualTo(map);
            assertThat(bp.pulse() == null ? null : bp.pulse().value()).as(why)
                    .isEqualTo((flags & 0x04) != 0 ? (double) pulse : null);
            assertThat(bp.user()).as(why).isEqualTo((flags & 0x08) != 0 && user != 0xFF ? user : null);
            assertThat(bp.at()).as(why).isEqualTo((flags & 0x02) != 0
                    ? t.atZone(TestClocks.ZONE).toInstant() : TestClocks.NOW);
            Set<Quality> expected = EnumSet.noneOf(Quality.class);
            if ((flags & 0x10) != 0) {
                for (int bit = 0; bit < BP_STATUS.length; bit++) {
                    if ((status & 1 << bit) != 0 && BP_STATUS[bit] != null) {
                        expected.add(BP_STATUS[bit]);
                    }
                }
                if ((status & 0x18) == 0x08) {
                    expected.add(Quality.PULSE_ABOVE_RANGE);
                }
            }
            assertThat(bp.quality()).as(why).isEqualTo(expected);
        }
    }

    @RepeatedTest(3)
    void glucoseSurvivesEncodeAndDecode() throws FrameException {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        GlucoseMeasurementParser parser = new GlucoseMeasurementParser(TestClocks.CLOCK);
        for (int i = 0; i < 2_000; i++) {
            boolean molar = r.nextBoolean();
            int sequence = r.nextInt(65_536);
            int offset = r.nextInt(2 * 1440) - 1440;
            LocalDateTime t = pastTime(r);
            int mantissa = 1 + r.nextInt(2000);
            // mg/dL 0.01..2000 via kg/L x 10^-5 .. 10^-7; mmol/L 0.001..20 via mol/L x 10^-5 .. 10^-6
            int exponent = molar ? -5 - r.nextInt(2) : -5 - r.nextInt(3);
            int type = 1 + r.nextInt(10);
            int location = 1 + r.nextInt(4);
            byte[] frame = FrameBuilder.flags(0x03 | (molar ? 0x04 : 0)).u16(sequence).dateTime(t.minusMinutes(offset))
                    .u16(offset).sfloat(mantissa, exponent).u8(location << 4 | type).build();
            BloodGlucose g = (BloodGlucose) ((Decoded.Readings) parser.parse(TestClocks.DEVICE, frame))
                    .observations().get(0);
            String why = "seed " + seed + " frame " + FrameBuilder.hex(frame);
            assertThat(g.sequence()).as(why).isEqualTo(sequence);
            assertThat(g.at()).as(why).isEqualTo(t.atZone(TestClocks.ZONE).toInstant());
            assertThat(g.concentration().value()).as(why)
                    .isEqualTo(value(mantissa, exponent + (molar ? 3 : 5)));
            assertThat(g.sampleType()).as(why).isEqualTo(GlucoseMeasurementParser.TYPES[type]);
            assertThat(g.sampleLocation()).as(why).isEqualTo(GlucoseMeasurementParser.LOCATIONS[location]);
        }
    }

    @RepeatedTest(3)
    void heartRateSurvivesEncodeAndDecode() throws FrameException {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        HeartRateParser parser = new HeartRateParser(TestClocks.CLOCK);
        for (int i = 0; i < 2_000; i++) {
            int rate = r.nextInt(401);
            int count = r.nextInt(9);
            FrameBuilder b = FrameBuilder.flags(0x11).u16(rate);
            double[] rr = new double[count];
            for (int k = 0; k < count; k++) {
                int raw = r.nextInt(65_536);
                b.u16(raw);
                rr[k] = raw / 1024.0;
            }
            byte[] frame = b.build();
            HeartRate hr = (HeartRate) ((Decoded.Readings) parser.parse(TestClocks.DEVICE, frame))
                    .observations().get(0);
            String why = "seed " + seed + " frame " + FrameBuilder.hex(frame);
            assertThat(hr.rate().value()).as(why).isEqualTo(rate);
            assertThat(hr.rrIntervals()).as(why).containsExactly(java.util.Arrays.stream(rr).boxed()
                    .toArray(Double[]::new));
        }
    }
}
