package org.hearthgate.relay.readings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.relay.store.RelayStore;

/** Readings for the tests: blood pressure and heart rate of one resident at given times. */
final class Fixtures {
    static final TenantId TENANT = TenantId.of("acme");
    static final HubId HUB = HubId.of("hub-1");
    static final ResidentId RESIDENT = ResidentId.of("res-1");

    private Fixtures() {
    }

    static Reading bloodPressure(ResidentId resident, Instant at, double systolic, double diastolic) {
        return new Reading(resident, new BloodPressure(DeviceId.of("cuff-1"), at, Quantity.of(systolic, Ucum.MM_HG),
                Quantity.of(diastolic, Ucum.MM_HG), null, Quantity.of(70, Ucum.PER_MIN), null, Set.of()),
                at.plusMillis(40));
    }

    static Reading heartRate(ResidentId resident, Instant at, double bpm) {
        return new Reading(resident, new HeartRate(DeviceId.of("band-1"), at, Quantity.of(bpm, Ucum.PER_MIN), null,
                null, null, Set.of()), at.plusMillis(40));
    }

    static Reading motion(ResidentId resident, Instant at, String room) {
        return new Reading(resident, new org.hearthgate.contract.obs.Motion(DeviceId.of("pir-" + room), at, room,
                true), at.plusMillis(40));
    }

    static Reading occupancy(ResidentId resident, Instant at, org.hearthgate.contract.obs.Place place,
            String location, boolean occupied) {
        return new Reading(resident, new org.hearthgate.contract.obs.Occupancy(DeviceId.of("pad-1"), at, place,
                location, occupied), at.plusMillis(40));
    }

    static Reading contact(ResidentId resident, Instant at, String location, boolean open) {
        return new Reading(resident, new org.hearthgate.contract.obs.Contact(DeviceId.of("door-1"), at, location,
                open), at.plusMillis(40));
    }

    /** A day of a resident moving about, with readings that must not count as their latest activity. */
    static List<Reading> activity(Instant start, ResidentId resident, ResidentId neighbour) {
        return List.of(motion(resident, start.plus(Duration.ofHours(1)), "kitchen"),
                contact(resident, start.plus(Duration.ofHours(2)), "front door", true),
                occupancy(resident, start.plus(Duration.ofHours(3)), org.hearthgate.contract.obs.Place.BED, "bedroom",
                        true),
                motion(neighbour, start.plus(Duration.ofHours(4)), "hall"),
                bloodPressure(resident, start.plus(Duration.ofHours(5)), 120, 80),
                motion(resident, start.plus(Duration.ofHours(10)), "garage"));
    }

    static StoredReading stored(Reading r) {
        return StoredReading.of(TENANT, HUB, r, r.observation().at().plusSeconds(1));
    }

    /** The same reading as the relay store's ingest path would get it. */
    static RelayStore.Inbound inbound(TenantId tenant, Reading r) {
        return new RelayStore.Inbound(tenant, new Message(1, MessageId.random(), HUB, 1, r.observation().at(), r),
                r.observation().at().plusSeconds(1));
    }
}
