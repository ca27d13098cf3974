package org.hearthgate.alerts;

import org.hearthgate.contract.ManualClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.obs.Quality;

/** A resident's engine on a hand-driven clock, with builders for readings. Times are local to the plan's zone. */
public final class Fixture {
    public static final ResidentId RESIDENT = ResidentId.of("r-test");
    public static final DeviceId CUFF = DeviceId.of("cuff-1");
    public static final DeviceId OXIMETER = DeviceId.of("oxi-1");
    public static final DeviceId STRAP = DeviceId.of("hr-1");
    public static final DeviceId THERMO = DeviceId.of("thermo-1");
    public static final DeviceId SCALE = DeviceId.of("scale-1");

    public final ManualClock clock;
    public final AlertEngine engine;
    public final ZoneId zone;
    private final AtomicInteger ids = new AtomicInteger();

    public Fixture(CarePlan plan, LocalDateTime start) {
        this.zone = plan.timeZone();
        this.clock = new ManualClock(start.atZone(zone).toInstant());
        this.engine = new AlertEngine(RESIDENT, plan, clock, () -> AlarmId.of("a" + ids.incrementAndGet()));
    }

    public Fixture(String yaml) {
        this(CarePlan.parse(yaml), LocalDateTime.of(2026, 3, 2, 9, 0));
    }

    public Instant now() {
        return clock.instant();
    }

    /** Advances the clock second by second, ticking the engine as the hub does, and collects what it decides. */
    public List<Outcome> advance(Duration d) {
        List<Outcome> out = new ArrayList<>();
        long steps = d.toSeconds();
        for (long i = 0; i < steps; i++) {
            clock.advance(Duration.ofSeconds(1));
            out.addAll(engine.tick());
        }
        return out;
    }

    /** Jumps the clock (no ticks in between), then ticks once. */
    public List<Outcome> jump(Duration d) {
        clock.advance(d);
        return engine.tick();
    }

    public List<Outcome> feed(Observation o) {
        return engine.onObservation(o);
    }

    public List<Outcome> spo2(double v) {
        return feed(new OxygenSaturation(OXIMETER, now(), Quantity.of(v, Ucum.PERCENT), null, null, Set.of()));
    }

    public List<Outcome> pulse(double v) {
        return feed(new HeartRate(STRAP, now(), Quantity.of(v, Ucum.PER_MIN), null, null, null, Set.of()));
    }

    public List<Outcome> temperature(double c) {
        return feed(new BodyTemperature(THERMO, now(), Quantity.of(c, Ucum.CEL), null, Set.of()));
    }

    public List<Outcome> bp(double sys, double dia, Quality... flags) {
        return feed(new BloodPressure(CUFF, now(), Quantity.of(sys, Ucum.MM_HG), Quantity.of(dia, Ucum.MM_HG), null,
                null, null, Set.of(flags)));
    }

    public List<Outcome> weight(double kg) {
        return feed(new BodyWeight(SCALE, now(), Quantity.of(kg, Ucum.KG), null, null, null, Set.of()));
    }

    public List<Outcome> motion(String room) {
        return feed(new Motion(DeviceId.of("pir-" + room), now(), room, true));
    }

    public List<Outcome> door(String location, boolean open) {
        return feed(new Contact(DeviceId.of("door-1"), now(), location, open));
    }

    public List<Outcome> bed(boolean occupied) {
        return feed(new Occupancy(DeviceId.of("bed-1"), now(), Place.BED, "bedroom", occupied));
    }

    // ------------------------------------------------------------------------------------------- outcome helpers

    public static List<Outcome.Raise> raises(List<Outcome> out) {
        return out.stream().filter(Outcome.Raise.class::isInstance).map(Outcome.Raise.class::cast).toList();
    }

    public static List<Outcome.Raise> raises(List<Outcome> out, EventCode code) {
        return raises(out).stream().filter(r -> r.alarm().code() == code).toList();
    }

    public static List<Outcome.Raise> raisesKeyed(List<Outcome> out, String key) {
        return raises(out).stream().filter(r -> r.alarm().dedupKey().equals(key)).toList();
    }

    public static List<Outcome.Update> updates(List<Outcome> out) {
        return out.stream().filter(Outcome.Update.class::isInstance).map(Outcome.Update.class::cast).toList();
    }

    public static List<Outcome.Notify> events(List<Outcome> out, EventCode code) {
        return out.stream().filter(Outcome.Notify.class::isInstance).map(Outcome.Notify.class::cast)
                .filter(n -> n.event().code() == code).toList();
    }

    public static List<Outcome.Prompt> prompts(List<Outcome> out) {
        return out.stream().filter(Outcome.Prompt.class::isInstance).map(Outcome.Prompt.class::cast).toList();
    }

}
