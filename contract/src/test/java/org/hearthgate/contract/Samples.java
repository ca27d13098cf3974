package org.hearthgate.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.*;
import org.hearthgate.contract.wire.*;

/**
 * Random but valid instances of every contract type, for property-style tests in every module. One generator per
 * sealed subtype: {@code ContractCoverageTest} fails when a subtype has none.
 */
public final class Samples {
    private final Random random;

    public Samples(Random random) {
        this.random = random;
    }

    public static final List<Class<?>> OBSERVATION_TYPES = List.of(Observation.class.getPermittedSubclasses());
    public static final List<Class<?>> PAYLOAD_TYPES = List.of(Payload.class.getPermittedSubclasses());

    public Observation observation() {
        return observation(OBSERVATION_TYPES.get(random.nextInt(OBSERVATION_TYPES.size())));
    }

    public Observation observation(Class<?> type) {
        DeviceId d = DeviceId.of("dev-" + random.nextInt(1000));
        Instant at = instant();
        Set<Quality> q = flags();
        if (type == BloodPressure.class) {
            boolean kpa = random.nextBoolean();
            Ucum u = kpa ? Ucum.KPA : Ucum.MM_HG;
            double f = kpa ? 0.1333 : 1;
            return new BloodPressure(d, at, Quantity.of(round(between(90, 200) * f), u),
                    Quantity.of(round(between(50, 120) * f), u), maybe(Quantity.of(round(between(60, 150) * f), u)),
                    maybe(Quantity.of(between(40, 120), Ucum.PER_MIN)), random.nextBoolean() ? random.nextInt(255) : null, q);
        } else if (type == HeartRate.class) {
            List<Double> rr = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                rr.add(random.nextInt(2048) / 1024.0);
            }
            return new HeartRate(d, at, Quantity.of(random.nextInt(220), Ucum.PER_MIN), rr,
                    random.nextBoolean() ? random.nextBoolean() : null, maybe(Quantity.of(random.nextInt(5000), Ucum.KJ)), q);
        } else if (type == OxygenSaturation.class) {
            return new OxygenSaturation(d, at, Quantity.of(between(70, 100), Ucum.PERCENT),
                    maybe(Quantity.of(between(40, 140), Ucum.PER_MIN)), random.nextBoolean() ? between(0, 20) : null, q);
        } else if (type == BodyTemperature.class) {
            return new BodyTemperature(d, at, random.nextBoolean() ? Quantity.of(between(34, 41), Ucum.CEL)
                    : Quantity.of(between(94, 105), Ucum.DEG_F), random.nextBoolean() ? "ear" : null, q);
        } else if (type == BodyWeight.class) {
            return new BodyWeight(d, at, Quantity.of(between(40, 150), Ucum.KG), maybe(Quantity.of(between(1.4, 2), Ucum.M)),
                    maybe(Quantity.of(between(15, 40), Ucum.KG_PER_M2)), random.nextBoolean() ? 1 : null, q);
        } else if (type == BloodGlucose.class) {
            return new BloodGlucose(d, at, random.nextBoolean() ? Quantity.of(between(2, 25), Ucum.MMOL_PER_L)
                    : Quantity.of(between(40, 400), Ucum.MG_PER_DL), random.nextInt(65_536),
                    random.nextBoolean() ? "capillary whole blood" : null, random.nextBoolean() ? "finger" : null,
                    random.nextBoolean() ? "preprandial" : null, q);
        } else if (type == Motion.class) {
            return new Motion(d, at, room(), random.nextBoolean());
        } else if (type == Contact.class) {
            return new Contact(d, at, room(), random.nextBoolean());
        } else if (type == Occupancy.class) {
            return new Occupancy(d, at, pick(Place.values()), room(), random.nextBoolean());
        } else if (type == PendantPress.class) {
            return new PendantPress(d, at);
        } else if (type == PullCord.class) {
            return new PullCord(d, at, room());
        } else if (type == FallDetected.class) {
            return new FallDetected(d, at, random.nextDouble(), pick(FallSource.values()));
        } else if (type == Hazard.class) {
            return new Hazard(d, at, pick(HazardKind.values()), room());
        } else if (type == MainsPower.class) {
            return new MainsPower(d, at, random.nextBoolean());
        } else if (type == BatteryLevel.class) {
            return new BatteryLevel(d, at, Quantity.of(random.nextInt(101), Ucum.PERCENT));
        } else if (type == DeviceStatus.class) {
            return new DeviceStatus(d, at, pick(DeviceState.values()), random.nextBoolean() ? "reconnected" : null);
        } else if (type == RoomTemperature.class) {
            return new RoomTemperature(d, at, Quantity.of(between(5, 30), Ucum.CEL), room());
        }
        throw new IllegalArgumentException("no sample generator for " + type.getName());
    }

    public Payload payload() {
        return payload(PAYLOAD_TYPES.get(random.nextInt(PAYLOAD_TYPES.size())));
    }

    public Payload payload(Class<?> type) {
        ResidentId r = ResidentId.of("res-" + random.nextInt(1000));
        if (type == Reading.class) {
            return new Reading(r, observation(), random.nextBoolean() ? instant() : null);
        } else if (type == AlarmRaised.class) {
            EventCode code = pick(EventCode.values());
            Observation trigger = random.nextBoolean() ? observation() : null;
            return new AlarmRaised(AlarmId.random(), r, code, code.defaultPriority(), code + "/x", trigger == null ? null
                    : trigger.device(), code.name().toLowerCase() + " alarm", trigger);
        } else if (type == AlarmUpdate.class) {
            return new AlarmUpdate(AlarmId.random(), pick(AlarmState.values()), pick(Priority.values()), "worsened");
        } else if (type == Event.class) {
            EventCode code = pick(EventCode.values());
            return new Event(random.nextBoolean() ? r : null, code, code.defaultPriority(),
                    random.nextBoolean() ? DeviceId.of("pir-1") : null, random.nextBoolean() ? "detail" : null);
        } else if (type == Heartbeat.class) {
            return new Heartbeat(1 + random.nextInt(3600), random.nextInt(1_000_000), random.nextInt(10_000),
                    random.nextInt(100_000), random.nextBoolean() ? "0.1.0" : null);
        } else if (type == HubStatus.class) {
            return new HubStatus(random.nextBoolean());
        } else if (type == Receipt.class) {
            List<MessageId> refs = new ArrayList<>();
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                refs.add(MessageId.random());
            }
            return new Receipt(refs, pick(Receipt.Status.values()), random.nextBoolean() ? "stored" : null);
        } else if (type == Ack.class) {
            return new Ack(AlarmId.random(), random.nextBoolean() ? AlarmState.ACKNOWLEDGED : AlarmState.RESOLVED,
                    "responder", random.nextBoolean() ? "help is on the way" : null);
        } else if (type == ConfigUpdate.class) {
            return new ConfigUpdate(random.nextBoolean() ? 10 + random.nextInt(3000) : null,
                    random.nextBoolean() ? "resident: r1\n" : null);
        } else if (type == Command.class) {
            return new Command("test-transmission", random.nextBoolean() ? Map.of("reason", "monthly") : Map.of());
        }
        throw new IllegalArgumentException("no sample generator for " + type.getName());
    }

    public Message message() {
        return new Message(Message.SCHEMA_VERSION, MessageId.random(), HubId.of("hub-" + random.nextInt(100)),
                random.nextInt(Integer.MAX_VALUE), instant(), payload());
    }

    private Instant instant() {
        return Instant.ofEpochMilli(1_700_000_000_000L + (long) (random.nextDouble() * 100_000_000_000L));
    }

    private Set<Quality> flags() {
        Set<Quality> q = EnumSet.noneOf(Quality.class);
        for (int i = random.nextInt(3); i > 0; i--) {
            q.add(pick(Quality.values()));
        }
        return q;
    }

    private String room() {
        return random.nextBoolean() ? pick(new String[] {"kitchen", "hall", "bedroom", "bathroom"}) : null;
    }

    private double between(double lo, double hi) {
        return lo + random.nextDouble() * (hi - lo);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private <T> T maybe(T value) {
        return random.nextBoolean() ? value : null;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
