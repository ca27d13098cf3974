package org.hearthgate.sim.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.drivers.ble.Decoded;
import org.hearthgate.drivers.ble.FrameException;
import org.hearthgate.drivers.ble.GattParsers;
import org.hearthgate.drivers.ble.GattUuids;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

/** A simulated frame decodes through the hub's real parser to the value that was simulated. Seeded per repetition. */
class GattFramesRoundTripTest {
    private static final DeviceId DEVICE = DeviceId.of("sim-1");
    private final ManualClock clock = new ManualClock(java.time.Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private final GattParsers parsers = GattParsers.create(clock);

    private Observation decode(int uuid, byte[] frame) throws FrameException {
        Decoded d = parsers.forCharacteristic(uuid).orElseThrow().parse(DEVICE, frame);
        assertThat(d).isInstanceOf(Decoded.Readings.class);
        return ((Decoded.Readings) d).observations().get(0);
    }

    private static LocalDateTime stampOrNull(Random r) {
        return r.nextBoolean() ? null : LocalDateTime.of(2026, 1 + r.nextInt(5), 1 + r.nextInt(28), r.nextInt(24),
                r.nextInt(60), r.nextInt(60));
    }

    private void expectTime(Observation o, LocalDateTime stamp) {
        assertThat(o.at()).isEqualTo(stamp == null ? clock.instant() : stamp.toInstant(ZoneOffset.UTC));
    }

    @RepeatedTest(200)
    void bloodPressureRoundTrips(RepetitionInfo rep) throws FrameException {
        Random r = new Random(35L * rep.getCurrentRepetition());
        int sys = 80 + r.nextInt(140);
        int dia = 40 + r.nextInt(Math.min(80, sys - 40));
        int map = dia + (sys - dia) / 3;
        Integer pulse = r.nextBoolean() ? 40 + r.nextInt(120) : null;
        Set<Quality> status = EnumSet.noneOf(Quality.class);
        for (Quality q : new Quality[] {Quality.BODY_MOVEMENT, Quality.CUFF_LOOSE, Quality.IRREGULAR_PULSE,
            Quality.IMPROPER_POSITION}) {
            if (r.nextInt(4) == 0) {
                status.add(q);
            }
        }
        LocalDateTime stamp = stampOrNull(r);
        BloodPressure bp = (BloodPressure) decode(GattUuids.BLOOD_PRESSURE_MEASUREMENT,
                GattFrames.bloodPressure(sys, dia, map, pulse, stamp, status));
        assertThat(bp.systolic().value()).isEqualTo(sys);
        assertThat(bp.diastolic().value()).isEqualTo(dia);
        assertThat(bp.mean().value()).isEqualTo(map);
        assertThat(bp.systolic().unit()).isEqualTo(Ucum.MM_HG);
        assertThat(bp.pulse() == null ? null : bp.pulse().value()).isEqualTo(pulse == null ? null : (double) pulse);
        assertThat(bp.quality()).isEqualTo(status);
        expectTime(bp, stamp);
    }

    @RepeatedTest(200)
    void weightRoundTripsAtTheScalesResolution(RepetitionInfo rep) throws FrameException {
        Random r = new Random(157L * rep.getCurrentRepetition());
        double kg = (30_000 + r.nextInt(150_000)) * 0.001; // 30..180 kg in grams
        LocalDateTime stamp = stampOrNull(r);
        BodyWeight w = (BodyWeight) decode(GattUuids.WEIGHT_MEASUREMENT, GattFrames.weight(kg, stamp));
        assertThat(w.weight().unit()).isEqualTo(Ucum.KG);
        assertThat(w.weight().value()).isCloseTo(kg, org.assertj.core.data.Offset.offset(0.0025));
        assertThat(Math.round(w.weight().value() * 1000) % 5).isZero();
        expectTime(w, stamp);
    }

    @RepeatedTest(200)
    void spotCheckOximetryRoundTrips(RepetitionInfo rep) throws FrameException {
        Random r = new Random(94L * rep.getCurrentRepetition());
        int spo2 = 70 + r.nextInt(31);
        int pulse = 35 + r.nextInt(150);
        LocalDateTime stamp = stampOrNull(r);
        OxygenSaturation o = (OxygenSaturation) decode(GattUuids.PLX_SPOT_CHECK_MEASUREMENT,
                GattFrames.plxSpotCheck(spo2, pulse, stamp));
        assertThat(o.spo2().value()).isEqualTo(spo2);
        assertThat(o.pulseRate().value()).isEqualTo(pulse);
        assertThat(o.quality()).isEmpty();
        expectTime(o, stamp);
    }

    @RepeatedTest(200)
    void temperatureRoundTripsToAHundredthOfADegree(RepetitionInfo rep) throws FrameException {
        Random r = new Random(28L * rep.getCurrentRepetition());
        double celsius = (3200 + r.nextInt(1000)) / 100.0;
        LocalDateTime stamp = stampOrNull(r);
        BodyTemperature t = (BodyTemperature) decode(GattUuids.TEMPERATURE_MEASUREMENT,
                GattFrames.temperature(celsius, stamp));
        assertThat(t.temperature().value()).isEqualTo(celsius);
        assertThat(t.temperature().unit()).isEqualTo(Ucum.CEL);
        assertThat(t.site()).isNotBlank();
        expectTime(t, stamp);
    }

    @RepeatedTest(200)
    void glucoseRoundTripsInMillimolesWithItsSequence(RepetitionInfo rep) throws FrameException {
        Random r = new Random(24L * rep.getCurrentRepetition());
        double mmol = (20 + r.nextInt(250)) / 10.0;
        int seq = r.nextInt(0x10000);
        LocalDateTime base = LocalDateTime.of(2026, 5, 1 + r.nextInt(30), r.nextInt(24), r.nextInt(60));
        BloodGlucose g = (BloodGlucose) decode(GattUuids.GLUCOSE_MEASUREMENT, GattFrames.glucose(seq, base, mmol));
        assertThat(g.concentration().value()).isEqualTo(mmol);
        assertThat(g.concentration().unit()).isEqualTo(Ucum.MMOL_PER_L);
        assertThat(g.sequence()).isEqualTo(seq);
        expectTime(g, base);
    }
}
